import QRCode from 'qrcode';

// Medium error correction survives a crease or a smudge on a printed handout; the quiet zone
// of 2 modules plus the page margin is enough for phone cameras.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;
/** Width of the PNG in pixels: sharp when printed at about 6 cm. */
const QR_PNG_WIDTH_PX = 600;

/** The invitation link as a QR code in SVG (scales to any print size). */
export function invitationQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' });
}

/** The invitation link as a QR code in PNG, for word processors that do not take SVG. */
export function invitationQrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', width: QR_PNG_WIDTH_PX });
}
