import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** LibreOffice may still be arriving through apt when a test starts; wait for it this long. */
const SOFFICE_WAIT_MS = 10 * 60_000;
const SOFFICE = '/usr/bin/soffice';

/**
 * Resolves with the soffice path once LibreOffice is installed, polling for up to ten minutes;
 * call it from a beforeAll with a hook timeout to match so the wait is not charged to a test.
 */
export async function waitForSoffice(): Promise<string> {
  const until = Date.now() + SOFFICE_WAIT_MS;
  while (!existsSync(SOFFICE)) {
    if (Date.now() > until)
      throw new Error(`${SOFFICE} not found: install libreoffice-writer-nogui and libreoffice-calc-nogui`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  return SOFFICE;
}

/**
 * Converts an office file (.docx, .xlsx, …) to PDF with headless LibreOffice and returns the PDF's
 * path, next to the source. Each call gets a throw-away profile: two soffice processes sharing
 * one profile lock each other out, and vitest runs files in parallel.
 */
export async function convertToPdf(path: string): Promise<string> {
  const soffice = await waitForSoffice();
  const profile = await mkdtemp(join(tmpdir(), `lo-${randomBytes(4).toString('hex')}-`));
  const outdir = dirname(path);
  try {
    await run(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        outdir,
        path,
      ],
      {
        timeout: 120_000,
      },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const pdf = join(outdir, basename(path, extname(path)) + '.pdf');
  if (!existsSync(pdf)) throw new Error(`LibreOffice produced no PDF for ${path}`);
  return pdf;
}

/** The text of a PDF as pdftotext reads it, layout kept so columns stay on their lines. */
export async function pdfText(pdfPath: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Names of the fonts a PDF embeds or uses, as pdffonts lists them (subset prefixes removed). */
export async function pdfFonts(pdfPath: string): Promise<string[]> {
  const { stdout } = await run('pdffonts', [pdfPath]);
  return stdout
    .split('\n')
    .slice(2)
    .map((l) => l.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '') ?? '')
    .filter(Boolean);
}

/**
 * Renders the first page of a PDF to `<outPrefix>.png` (60 dpi unless `dpi` says otherwise) and
 * returns its path; the directory is created when missing. pdftoppm writes under a private name
 * that is then renamed into place, so two runs aiming at one path never read a half-written file.
 */
export async function pdfToPng(pdfPath: string, outPrefix: string, dpi = 60): Promise<string> {
  await mkdir(dirname(outPrefix), { recursive: true });
  const scratch = `${outPrefix}.${randomBytes(4).toString('hex')}`;
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfPath, scratch]);
  if (!existsSync(`${scratch}.png`)) throw new Error(`pdftoppm wrote no PNG for ${pdfPath}`);
  const png = `${outPrefix}.png`;
  await rename(`${scratch}.png`, png);
  return png;
}
