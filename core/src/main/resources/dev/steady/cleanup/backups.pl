# steady's backup check, run on the host: for each planned file, is there a copy of equal size
# (and, with verify, equal SHA-256) at BACKUP/<path relative to the plan root>?
# stdin:  records "size\0absolute path\0relative path\0"
# stdout: one answer per record, in order: "K\0" (a copy exists) or "N<reason>\0"
use strict;
use warnings;
my ($backup, $verify) = @ARGV;
binmode STDIN;
binmode STDOUT;
local $/ = "\0";
my $sha = 0;
if ($verify) {
    $sha = eval { require Digest::SHA; 1 } or do { print STDERR "Digest::SHA is missing\n"; exit 3 };
}
my $n = 0;
while (defined(my $size = <STDIN>)) {
    chomp $size;
    my $abs = <STDIN>;
    my $rel = <STDIN>;
    last unless defined $rel;
    chomp $abs;
    chomp $rel;
    my $copy = "$backup/$rel";
    my $answer;
    if (!-f $copy) {
        $answer = "Nno copy in the backup directory";
    } elsif ((-s _ || 0) != $size) {
        $answer = "Nbackup copy has " . (-s _ || 0) . " bytes, the file $size";
    } elsif ($sha && digest($abs) ne digest($copy)) {
        $answer = "Nbackup copy differs (SHA-256)";
    } else {
        $answer = "K";
    }
    print $answer, "\0";
    STDOUT->flush() if (++$n % 256) == 0;
}
STDOUT->flush();

sub digest {
    my ($path) = @_;
    my $d = Digest::SHA->new(256);
    eval { $d->addfile($path, "b"); 1 } or return "unreadable:$path";
    return $d->hexdigest;
}
