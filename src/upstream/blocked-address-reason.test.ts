import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedAddressReason } from './blocked-address-reason.js';

test('blocked ranges are named for what they are', () => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['::', 'an unspecified ("this network") address'],
    ['10.0.0.1', 'a private-network address'],
    ['172.16.0.1', 'a private-network address'],
    ['172.31.255.255', 'a private-network address'],
    ['192.168.0.1', 'a private-network address'],
    ['fc00::1', 'a private-network address'],
    ['fd12:3456::1', 'a private-network address'],
    ['169.254.169.254', 'a cloud metadata service address'],
    ['fd00:ec2::254', 'a cloud metadata service address'],
    ['100.100.100.200', 'a cloud metadata service address'],
    ['169.254.10.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['100.127.255.255', 'a carrier-grade NAT (shared) address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a reserved or special-purpose address'],
    ['192.0.2.1', 'a reserved or special-purpose address'],
    ['2001:db8::1', 'a reserved or special-purpose address'],
    ['2001:0:4136:e378::1', 'a reserved or special-purpose address'],
    ['not-an-address', 'not an IP address'],
  ];
  for (const [address, reason] of cases) assert.equal(blockedAddressReason(address), reason, address);
});

test('IPv4 addresses carried inside IPv6 are judged by the IPv4 address', () => {
  const inside = ' (an IPv4 address inside an IPv6 address)';
  assert.equal(blockedAddressReason('::ffff:127.0.0.1'), `a loopback address${inside}`);
  assert.equal(blockedAddressReason('::ffff:7f00:1'), `a loopback address${inside}`);
  assert.equal(blockedAddressReason('::ffff:a9fe:a9fe'), `a cloud metadata service address${inside}`);
  assert.equal(blockedAddressReason('64:ff9b::10.0.0.1'), `a private-network address${inside}`);
  assert.equal(blockedAddressReason('2002:c0a8:101::1'), `a private-network address${inside}`);
  assert.equal(blockedAddressReason('::7f00:1'), 'a loopback address');
});

test('public addresses pass, in every form', () => {
  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1']) {
    assert.equal(blockedAddressReason(address), undefined, address);
  }
});
