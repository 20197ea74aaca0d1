interface FieldErrorProps {
  id: string;
  message: string | undefined;
}

/** A validation message beside its control; the control points at it with aria-describedby. */
export function FieldError({ id, message }: FieldErrorProps) {
  if (!message) {
    return null;
  }

  return (
    <p className="heap-sync-widget__field-error" id={id}>
      {message}
    </p>
  );
}
