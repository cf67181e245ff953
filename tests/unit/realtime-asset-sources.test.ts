import { describe, expect, it } from 'vitest';
import { assetUrl } from '../../server/murals/assets';
import { assertUploadedAssetSource } from '../../server/realtime/asset-sources';

function asset(type: string, src: unknown) {
  return { id: 'asset:photo', typeName: 'asset', type, props: { src, name: 'photo.png', w: 10, h: 10, mimeType: 'image/png', isAnimated: false }, meta: {} };
}

const UPLOADED = assetUrl('0123456789abcdef0123456789abcdef');

describe('picture sources in the board document', () => {
  it('accepts our upload route, and no source while the upload runs', () => {
    for (const src of [UPLOADED, null, '']) {
      expect(() => assertUploadedAssetSource(asset('image', src))).not.toThrow();
      expect(() => assertUploadedAssetSource(asset('video', src))).not.toThrow();
    }
  });

  it('refuses base64 pictures, other hosts and look-alike paths, without echoing a data URL', () => {
    const dataUrl = `data:image/png;base64,${'A'.repeat(10_000)}`;
    expect(() => assertUploadedAssetSource(asset('image', dataUrl))).toThrow(/data: URL \(10022 characters\)/);
    try {
      assertUploadedAssetSource(asset('image', dataUrl));
    } catch (error) {
      expect(String(error).length).toBeLessThan(200);
    }
    for (const src of [
      'data:video/mp4;base64,AAAA',
      'https://example.org/photo.png',
      `http://localhost:3000${UPLOADED}`,
      '/api/assets/../../etc/passwd',
      `${UPLOADED}?x=1`,
      '/api/assets/ABCDEF0123456789ABCDEF0123456789',
      'blob:http://localhost:3000/1234',
    ]) {
      expect(() => assertUploadedAssetSource(asset('image', src)), src).toThrow(/must point at an uploaded file/);
    }
    expect(() => assertUploadedAssetSource(asset('video', 'https://example.org/v.mp4'))).toThrow();
  });

  it('leaves other records alone (bookmarks point at web pages)', () => {
    expect(() => assertUploadedAssetSource(asset('bookmark', 'https://example.org/'))).not.toThrow();
    expect(() => assertUploadedAssetSource({ id: 'shape:a', typeName: 'shape', type: 'image', props: { src: 'data:x' } })).not.toThrow();
    expect(() => assertUploadedAssetSource(null)).not.toThrow();
  });
});
