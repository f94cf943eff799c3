import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('keys an IPv4 address, plain or IPv4-mapped, as itself', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike, however it is written', () => {
    const keys = ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:fffe', '2001:DB8:1:2:a::b'].map(clientAddressKey);
    expect(new Set(keys)).toEqual(new Set(['2001:db8:1:2::/64']));
  });

  it('keys two /64s apart, and short forms by their real groups', () => {
    expect(clientAddressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keys an address a proxy gave with its port by the address', () => {
    expect(clientAddressKey('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(clientAddressKey('[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('[2001:db8:1:2::1]')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('[fe80::1%eth0]:80')).toBe('fe80:0:0:0::/64');
    expect(clientAddressKey('::ffff:203.0.113.7:51234')).toBe('203.0.113.7');
    // Unbracketed, the last group is part of the address, not a port.
    expect(clientAddressKey('2001:db8::1:80')).toBe('2001:db8:0:0::/64');
  });

  it('keys a missing address as one unknown client, and anything that is not an address as one invalid client', () => {
    expect(clientAddressKey(undefined)).toBe('unknown');
    expect(clientAddressKey('made-up')).toBe('invalid');
    expect(clientAddressKey('x'.repeat(500))).toBe('invalid');
  });
});
