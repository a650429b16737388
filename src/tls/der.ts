import * as forge from 'node-forge';

/**
 * DER through node-forge's ASN.1 parser, with BIT STRINGs kept as bytes (forge would otherwise try to
 * decode their contents as ASN.1, and re-encoding a signed part must give back the exact bytes).
 * The typings only know the old boolean argument; forge itself takes these options.
 */
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { strict: boolean; decodeBitStrings: boolean; parseAllBytes: boolean },
) => forge.asn1.Asn1;

export function parseDer(der: Buffer, parseAllBytes = true): forge.asn1.Asn1 {
  return fromDer(forge.util.createBuffer(der.toString('binary')), {
    strict: true,
    decodeBitStrings: false,
    parseAllBytes,
  });
}

/** The DER encoding of a parsed node (for DER input, the bytes it was parsed from). */
export function toDer(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}
