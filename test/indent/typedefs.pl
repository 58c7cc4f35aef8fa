#!/usr/bin/perl
# Prints the names the given C files declare with typedef, one a line,
# sorted: the project's part of pgindent's typedef list (test/indent/run.sh,
# doc/formatting.md).  pg_bsd_indent cannot tell a type from a variable by
# itself; a type it does not know is laid out as an expression
# ("ResaleSummary * s" instead of "ResaleSummary *s").
#
# Handles what C allows at file or block scope:
#   typedef unsigned char Name;            typedef struct Tag { ... } Name;
#   typedef struct Tag Name, *NamePtr;     typedef int Name[12];
#   typedef void (*Name) (int);            typedef enum { ... } Name;
use strict;
use warnings FATAL => 'all';

my %names;
local $/;
for my $file (@ARGV)
{
	open(my $fh, '<', $file) or die "$file: $!\n";
	my $src = <$fh>;
	close($fh);

	# Comments, string and character literals, preprocessor lines (with
	# their continuations) say nothing about typedefs and may hold braces,
	# semicolons or the word "typedef".
	$src =~ s{/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'}{ }gs;
	$src =~ s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}gm;

	while ($src =~ /\btypedef\b/g)
	{
		# The declaration runs to the first ';' outside braces.
		my $start = pos($src);
		my ($depth, $i) = (0, $start);
		for (; $i < length($src); $i++)
		{
			my $c = substr($src, $i, 1);
			$depth++ if $c eq '{';
			$depth-- if $c eq '}';
			last if $c eq ';' && $depth == 0;
		}
		my $decl = substr($src, $start, $i - $start);
		pos($src) = $i;

		# Drop the struct/union/enum bodies; a pointer to function (or
		# array) names itself in "(*Name)"; otherwise parameter lists and
		# attributes go, and each declarator ends with its name.
		1 while $decl =~ s/\{[^{}]*\}/ /g;
		if ($decl =~ /\(\s*\*\s*(\w+)\s*\)/)
		{
			$names{$1} = 1;
			next;
		}
		1 while $decl =~ s/\([^()]*\)/ /g;
		for my $d (split /,/, $decl)
		{
			$d =~ s/\[[^\]]*\]//g;    # array dimensions
			$names{$1} = 1 if $d =~ /(\w+)\s*$/;
		}
	}
}
print "$_\n" for sort keys %names;
