import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.mjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  const crc = Buffer.alloc(4);

  length.writeUInt32BE(data.length);
  crc.writeUInt32BE(crc32(typeAndData));

  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes 8-bit RGBA pixels as a PNG (no filtering, one IDAT chunk).
 * @param {number} width
 * @param {number} height
 * @param {Uint8Array} rgba width * height * 4 bytes
 */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;

  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);

  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }

  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function insideRoundedRect(x, y, rect) {
  const { left, top, right, bottom, radius } = rect;

  if (x < left || x > right || y < top || y > bottom) {
    return false;
  }

  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);

  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/**
 * The logo: a violet rounded tile (Heap's colour family) holding three rising bars, an
 * analytics mark, and a dot for the deal that reaches it. `margin` keeps transparent space
 * around the tile, as Kommo asks for logo_main.png.
 */
export function drawLogo(width, height, margin = 0) {
  const rgba = new Uint8Array(width * height * 4);
  const tileHeight = height - 2 * margin;
  const tileWidth = width - 2 * margin;
  const tile = {
    left: margin,
    top: margin,
    right: width - margin,
    bottom: height - margin,
    radius: Math.min(tileWidth, tileHeight) * 0.18,
  };
  const unit = Math.min(tileWidth, tileHeight) / 10;
  const baseline = height / 2 + unit * 2.6;
  const barWidth = unit * 1.5;
  const gap = unit * 0.8;
  const left = width / 2 - (3 * barWidth + 2 * gap) / 2 - unit * 0.6;
  const bars = [2.2, 3.6, 5.2].map((barHeight, index) => ({
    left: left + index * (barWidth + gap),
    right: left + index * (barWidth + gap) + barWidth,
    top: baseline - barHeight * unit,
    bottom: baseline,
    radius: barWidth * 0.3,
  }));
  const dot = { x: bars[2].right + unit * 1.3, y: bars[2].top + unit * 0.2, r: unit * 0.85 };
  const samples = 4;

  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let tileCover = 0;
      let markCover = 0;

      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;

          if (!insideRoundedRect(x, y, tile)) {
            continue;
          }

          tileCover++;

          const onBar = bars.some((bar) => insideRoundedRect(x, y, bar));
          const onDot = (x - dot.x) ** 2 + (y - dot.y) ** 2 <= dot.r ** 2;

          if (onBar || onDot) {
            markCover++;
          }
        }
      }

      const total = samples * samples;
      const t = (px / width + py / height) / 2;
      const base = [74 + 50 * t, 58 + 34 * t, 219 + 36 * t];
      const mark = markCover / Math.max(tileCover, 1);
      const offset = (py * width + px) * 4;

      for (let channel = 0; channel < 3; channel++) {
        rgba[offset + channel] = Math.round(base[channel] * (1 - mark) + 255 * mark);
      }

      rgba[offset + 3] = Math.round((255 * tileCover) / total);
    }
  }

  return encodePng(width, height, rgba);
}
