#!/usr/bin/perl
# Checks META.json against the PGXN meta-spec 1.0.0 fields zeromile must
# carry, and that its versions agree with the control file and Makefile.
use strict;
use warnings;
use JSON::PP;

my ($passed, $failed) = (0, 0);
sub check {
	my ($ok, $what) = @_;
	if ($ok) { $passed++ } else { $failed++; print "FAIL: $what\n" }
}
sub slurp { local (@ARGV, $/) = @_; <> }

my $meta = eval { decode_json(slurp('META.json')) };
check(defined $meta, "META.json is valid JSON: $@");
$meta //= {};

for my $key (qw(name abstract version maintainer license provides meta-spec)) {
	check(exists $meta->{$key}, "required key '$key'");
}
for my $key (qw(prereqs resources tags)) {
	check(exists $meta->{$key}, "key '$key' that the project promises");
}
my $semver = qr/^\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+)?$/;
check(($meta->{version} // '') =~ $semver, "version is a semantic version");
check(($meta->{'meta-spec'}{version} // '') eq '1.0.0', "meta-spec version 1.0.0");
check(ref $meta->{maintainer} eq 'ARRAY' || !ref $meta->{maintainer}, "maintainer is a string or list");
my %licenses = map { $_ => 1 } qw(agpl_3 apache_1_1 apache_2_0 artistic_1 artistic_2 bsd gpl_2 gpl_3
	lgpl_2_1 lgpl_3_0 mit mozilla_1_1 openssl perl_5 postgresql qpl_1_0 ssleay sun restricted
	unrestricted open_source unknown);
check($licenses{$meta->{license} // ''}, "license is a meta-spec license string");

my $ext = $meta->{provides}{zeromile} // {};
check(($ext->{file} // '') ne '' && -e $ext->{file}, "provides.zeromile.file exists");
check(($ext->{version} // '') eq ($meta->{version} // 'x'), "provides.zeromile.version matches");
check(($meta->{prereqs}{runtime}{requires}{PostgreSQL} // '') =~ /^15\./, "requires PostgreSQL >= 15");
check(ref $meta->{tags} eq 'ARRAY' && @{$meta->{tags}}, "tags is a non-empty list");
check(ref $meta->{resources} eq 'HASH' && %{$meta->{resources}}, "resources is a non-empty object");

my ($control_version) = slurp('zeromile.control') =~ /default_version\s*=\s*'([^']+)'/;
my ($make_version) = slurp('Makefile') =~ /^EXTVERSION\s*=\s*(\S+)/m;
check(($control_version // '') eq ($meta->{version} // 'x'), "control default_version matches META.json");
check(($make_version // '') eq ($meta->{version} // 'x'), "Makefile EXTVERSION matches META.json");

print "META.json: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);
