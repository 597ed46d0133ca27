/**
 * 证书预览 (SPEC §8: "a preview before submission"): the certificate's face as
 * an SVG image — photo, signature, the person's facts — crossed by a large
 * 样本 watermark, so it can never pass for a certificate. It is drawn for the
 * page only; nothing is stored or numbered. The ID number is masked as on
 * the certificates (3303**********7775).
 */
export interface PreviewImage {
  mimeType: string;
  bytes: Buffer;
}

export interface CertificatePreview {
  professionName: string;
  person: { name: string; sex: string | null; birthDate: string | null; idNumber: string };
  enterpriseName: string;
  registrationNumber: string;
  specialties: string;
  validTo: string;
  photo: PreviewImage | null;
  signature: PreviewImage | null;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const maskId = (id: string) => (id.length >= 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : id);
const dataUri = (image: PreviewImage) => `data:${image.mimeType};base64,${image.bytes.toString('base64')}`;

export function certificatePreviewSvg(c: CertificatePreview): string {
  const rows: Array<[string, string]> = [
    ['姓　　名', c.person.name],
    ['性　　别', c.person.sex ?? ''],
    ['出生日期', c.person.birthDate ?? ''],
    ['身份证号', maskId(c.person.idNumber)],
    ['聘用单位', c.enterpriseName],
    ['注册编号', c.registrationNumber],
    ['注册专业', c.specialties],
    ['有效期至', c.validTo || '（审批通过后确定）'],
  ];
  const text = rows
    .map(
      ([label, value], i) =>
        `<text x="60" y="${200 + i * 40}" class="l">${escape(label)}</text><text x="170" y="${200 + i * 40}" class="v">${escape(value.length > 24 ? `${value.slice(0, 23)}…` : value)}</text>`,
    )
    .join('');
  const photo = c.photo
    ? `<image href="${dataUri(c.photo)}" x="560" y="170" width="118" height="165" preserveAspectRatio="xMidYMid slice"/>`
    : `<text x="619" y="255" class="l" text-anchor="middle">未上传照片</text>`;
  const signature = c.signature
    ? `<image href="${dataUri(c.signature)}" x="170" y="528" width="200" height="50" preserveAspectRatio="xMidYMid meet"/>`
    : `<text x="170" y="560" class="l">未上传签名</text>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 620" width="760" height="620" role="img" aria-label="${escape(c.professionName)}注册证书预览（样本）">
<style>.t{font:700 30px "Noto Serif SC","Source Han Serif SC","SimSun",serif;fill:#1f2937}.s{font:16px sans-serif;fill:#5b6472}.l{font:16px "Noto Sans SC","Microsoft YaHei",sans-serif;fill:#5b6472}.v{font:700 16px "Noto Sans SC","Microsoft YaHei",sans-serif;fill:#1f2937}.w{font:900 150px "Noto Sans SC","Microsoft YaHei",sans-serif;fill:#c8102e;opacity:.16;letter-spacing:40px}</style>
<rect width="760" height="620" fill="#fffdf7"/>
<rect x="14" y="14" width="732" height="592" fill="none" stroke="#8a6d3b" stroke-width="3"/>
<rect x="22" y="22" width="716" height="576" fill="none" stroke="#8a6d3b" stroke-width="1"/>
<text x="380" y="88" text-anchor="middle" class="t">中华人民共和国</text>
<text x="380" y="130" text-anchor="middle" class="t">${escape(c.professionName)}注册证书</text>
<rect x="556" y="166" width="126" height="173" fill="#f2f4f7" stroke="#98a2b3"/>
${photo}
${text}
<text x="60" y="560" class="l">本人签名</text>
${signature}
<text x="700" y="590" text-anchor="end" class="s">预览样本，不作为注册证书使用</text>
<text x="380" y="380" text-anchor="middle" class="w" transform="rotate(-24 380 330)">样本</text>
</svg>`;
}
