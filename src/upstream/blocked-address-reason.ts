import { BlockList, isIP } from 'node:net';

/**
 * Address ranges the image fetcher refuses (SSRF), by what a person would call them. IPv4 ranges
 * are also blocked in the IPv6 forms that carry an IPv4 address to the same place: IPv4-mapped
 * (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`, RFC 6052), IPv4-compatible (`::a.b.c.d`) and 6to4
 * (`2002:AABB:CCDD::`). Order matters: the first matching category names the address.
 * Sources: IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 */
const CATEGORIES: ReadonlyArray<{ name: string; ipv4: ReadonlyArray<[string, number]>; ipv6: ReadonlyArray<[string, number]> }> = [
  {
    // AWS/GCP/Azure/Oracle 169.254.169.254, AWS IPv6 IMDS fd00:ec2::254, Alibaba 100.100.100.200.
    name: 'a cloud metadata service address',
    ipv4: [['169.254.169.254', 32], ['100.100.100.200', 32]],
    ipv6: [['fd00:ec2::254', 128]],
  },
  { name: 'a loopback address', ipv4: [['127.0.0.0', 8]], ipv6: [['::1', 128]] },
  { name: 'an unspecified ("this network") address', ipv4: [['0.0.0.0', 8]], ipv6: [['::', 128]] },
  {
    name: 'a private-network address',
    ipv4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]],
    ipv6: [['fc00::', 7], ['fec0::', 10], ['64:ff9b:1::', 48]],
  },
  { name: 'a link-local address', ipv4: [['169.254.0.0', 16]], ipv6: [['fe80::', 10]] },
  { name: 'a carrier-grade NAT (shared) address', ipv4: [['100.64.0.0', 10]], ipv6: [] },
  { name: 'a multicast address', ipv4: [['224.0.0.0', 4]], ipv6: [['ff00::', 8]] },
  {
    name: 'a reserved or special-purpose address',
    ipv4: [
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['192.88.99.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['240.0.0.0', 4],
    ],
    // Discard-only, Teredo (its IPv4 end point is obfuscated, so it cannot be checked), documentation.
    ipv6: [['100::', 64], ['2001::', 32], ['2001:db8::', 32]],
  },
];

/** IPv6 prefixes that embed an IPv4 address in their last 32 bits. */
const EMBEDDING_PREFIXES = ['::ffff:', '64:ff9b::', '::'] as const;

interface Category {
  name: string;
  list: BlockList;
}

function buildCategories(): Category[] {
  return CATEGORIES.map(({ name, ipv4, ipv6 }) => {
    const list = new BlockList();
    for (const [network, prefix] of ipv4) {
      list.addSubnet(network, prefix, 'ipv4');
      for (const embedding of EMBEDDING_PREFIXES) list.addSubnet(`${embedding}${network}`, 96 + prefix, 'ipv6');
      list.addSubnet(sixToFourNetwork(network), 16 + prefix, 'ipv6');
    }
    for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6');
    return { name, list };
  });
}

/** 6to4 puts the IPv4 address in bits 16–47: 127.0.0.0 → 2002:7f00:0::. */
function sixToFourNetwork(ipv4: string): string {
  const hex = ipv4.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'));
  return `2002:${hex[0]}${hex[1]}:${hex[2]}${hex[3]}::`;
}

const EMBEDDED_FORMS = new BlockList();
EMBEDDED_FORMS.addSubnet('::ffff:0:0', 96, 'ipv6');
EMBEDDED_FORMS.addSubnet('64:ff9b::', 96, 'ipv6');
EMBEDDED_FORMS.addSubnet('2002::', 16, 'ipv6');

/** Built once at start-up and only read afterwards. */
const BLOCKED = buildCategories();

/**
 * Why `address` (an IP address, without brackets) must not be fetched, in words ("a loopback
 * address"); undefined when it is a public address. Anything that is not an IP address is refused too.
 */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { name, list } of BLOCKED) {
    if (!list.check(address, type)) continue;
    return family === 6 && EMBEDDED_FORMS.check(address, 'ipv6') ? `${name} (an IPv4 address inside an IPv6 address)` : name;
  }
  return undefined;
}
