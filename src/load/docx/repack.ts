// Packs the parts mammoth reads into a fresh, uncompressed ZIP. mammoth then never inflates
// anything from the user's file: every part it sees was already read through zip-guard's capped
// inflate, and images and other binaries are left out (images are named, never decoded).
import JSZip from 'jszip';

export async function packForMammoth(parts: Map<string, Buffer | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data, { compression: 'STORE' });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}
