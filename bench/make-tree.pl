#!/usr/bin/perl
# Makes the cleanup benchmark's tree: DIR/dNNNN/fNNNNN, FILES small files in directories of PER_DIR.
# Even-numbered files are 3 KiB and 30 days old (they match --older-than 14d and --min-size 2k);
# odd-numbered ones are 100 bytes and 1 day old (they match neither). Deterministic: two runs make
# identical trees (same names, sizes, mtimes to the second; inodes differ, as on any copy).
#   perl make-tree.pl DIR FILES [PER_DIR]
use strict;
use warnings;
my ($dir, $files, $per) = @ARGV;
$per ||= 1000;
die "usage: make-tree.pl DIR FILES [PER_DIR]\n" unless defined $files && $files =~ /\A\d+\z/;
my $now = time;
my ($old, $new) = ($now - 30 * 86400, $now - 86400);
my ($big, $small) = ('x' x 3072, 'y' x 100);
mkdir $dir or die "mkdir $dir: $!\n";
for (my $i = 0; $i < $files; $i++) {
    my $d = sprintf '%s/d%04d', $dir, int($i / $per);
    if ($i % $per == 0) { mkdir $d or die "mkdir $d: $!\n" }
    my $f = sprintf '%s/f%05d', $d, $i % $per;
    open my $fh, '>', $f or die "$f: $!\n";
    my $match = $i % 2 == 0;
    syswrite $fh, $match ? $big : $small;
    utime $match ? ($old, $old) : ($new, $new), $fh or die "utime $f: $!\n";
    close $fh;
}
