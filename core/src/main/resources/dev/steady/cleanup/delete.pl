# steady's delete agent (dev.steady.cleanup.DeleteFiles). Deletes exactly the files it is sent,
# each only if it is still the file that was reviewed (DESIGN.md invariant 3). Core Perl only.
#   argv:   ROOT (absolute; every path must lie strictly below it)
#   stdin:  records "seq\0size\0mtime_ns\0inode\0device\0path\0"
#   stdout: one answer per record, in order: "seq\0D\0" deleted, "seq\0S\0reason\0" drifted
#           (skipped, left as it is), "seq\0F\0reason\0" the check or the unlink itself failed.
# It never follows a symbolic link, never removes a directory, and touches no other file.
use strict;
use warnings;
use Errno qw(ENOENT ENOTDIR);
use Fcntl qw(:mode);
use Time::HiRes ();

binmode STDIN;
binmode STDOUT;
$| = 1;    # each answer leaves as soon as its file is done: a dropped link loses at most the last
$/ = "\0";

my $root = shift @ARGV;
die "steady agent: the plan root must be an absolute path\n" unless defined $root && $root =~ m{\A/};
my $prefix = $root eq '/' ? '/' : "$root/";

# The directory we are in, verified by walk(): its absolute path, device and inode.
my ($here, $here_dev, $here_ino);

while (defined(my $seq = field())) {
    my @f = map { scalar field() } 1 .. 5;
    die "steady agent: input ended inside a record\n" if grep { !defined } @f;
    my ($kind, $reason) = verdict(@f);
    print $seq, "\0", $kind, "\0", (defined $reason ? ($reason, "\0") : ());
}
exit 0;

# One NUL-terminated field; undef at a clean end of input. A field cut short is fatal: a
# truncated path must never be taken for a whole one.
sub field {
    my $x = <STDIN>;
    return undef unless defined $x;
    die "steady agent: input ended inside a record\n" unless $x =~ s/\0\z//;
    return $x;
}

sub verdict {
    my ($size, $mtime, $ino, $dev, $path) = @_;
    return ('S', 'not a valid plan entry')
        unless $size =~ /\A\d+\z/ && $mtime =~ /\A-?\d+\z/ && $ino =~ /\A\d+\z/ && $dev =~ /\A\d+\z/;
    return ('S', 'outside the plan root')
        unless length($path) > length($prefix) && substr($path, 0, length $prefix) eq $prefix;
    my @parts = split m{/}, substr($path, 1), -1;
    return ('S', 'outside the plan root (an empty, . or .. path component)')
        if grep { $_ eq '' || $_ eq '.' || $_ eq '..' } @parts;
    my $name = pop @parts;
    unless (defined $here && $here eq '/' . join('/', @parts) && still_here()) {
        my @why = walk(@parts);
        return @why if @why;
    }
    my @st = Time::HiRes::lstat($name);
    unless (@st) {
        return ('S', 'gone') if $! == ENOENT;
        return ('F', "cannot inspect the file: $!");
    }
    return ('S', 'not a regular file now (' . kind($st[2]) . ')') unless S_ISREG($st[2]);
    return ('S', 'device changed') unless "$st[0]" eq $dev;
    return ('S', 'inode changed (replaced)') unless "$st[1]" eq $ino;
    return ('S', "size $size -> $st[7]") unless "$st[7]" eq $size;
    return ('S', 'mtime changed') unless same_mtime($st[9], $mtime);
    return ('D') if unlink $name;    # relative to the verified directory
    return ('S', 'gone') if $! == ENOENT;
    return ('F', "$!");
}

# Time::HiRes::lstat gives the mtime as a double (seconds), which at today's epochs is within
# 0.12 microseconds of the true value (half of a double's 0.24 us step near 1.7e9); so is the plan's
# time rebuilt below. The two are compared at microsecond precision: equal if within 0.5 us, so an
# unchanged file never drifts and a change of 1 us or more is always seen (below ~0.75 us it may not be).
sub same_mtime {
    my ($seen, $ns) = @_;
    my ($sec, $rem);
    {
        use integer;
        ($sec, $rem) = ($ns / 1_000_000_000, $ns % 1_000_000_000);
    }
    ($sec, $rem) = ($sec - 1, $rem + 1_000_000_000) if $rem < 0;
    return abs($seen - ($sec + $rem / 1e9)) < 5e-7;
}

# Between files of one directory the walk is not repeated; the directory's absolute path must
# still name the very directory we are in (not renamed away, not replaced by a link).
sub still_here {
    my @l = lstat $here;
    return @l && S_ISDIR($l[2]) && $l[0] == $here_dev && $l[1] == $here_ino;
}

# Walks from / to the file's directory one component at a time. Each component must be a real
# directory by lstat (not a link); after chdir into it, '.' must be that same directory (device
# and inode), else it was swapped between the two calls. Returns () when there, else a verdict.
sub walk {
    my @parts = @_;
    undef $here;
    my @id;
    my @why = enter('/', '/', \@id);
    return @why if @why;
    my $at = '';
    for my $c (@parts) {
        $at .= "/$c";
        @why = enter($c, $at, \@id);
        return @why if @why;
    }
    ($here, $here_dev, $here_ino) = ($at eq '' ? '/' : $at, @id);
    return ();
}

sub enter {
    my ($c, $at, $id) = @_;
    my @l = lstat $c;
    unless (@l) {
        return ('S', 'gone') if $! == ENOENT;
        return ('S', "a path component is not a directory: $at") if $! == ENOTDIR;
        return ('F', "cannot inspect $at: $!");
    }
    return ('S', "a path component is a symbolic link: $at") if S_ISLNK($l[2]);
    return ('S', "a path component is not a directory: $at") unless S_ISDIR($l[2]);
    chdir $c or return $! == ENOENT ? ('S', 'gone') : ('F', "cannot enter $at: $!");
    my @d = stat '.';
    return ('S', "a path component was replaced during the check: $at")
        unless @d && $d[0] == $l[0] && $d[1] == $l[1];
    @$id = @l[0, 1];
    return ();
}

sub kind {
    my ($mode) = @_;
    return S_ISLNK($mode) ? 'symbolic link'
        : S_ISDIR($mode)  ? 'directory'
        : S_ISFIFO($mode) ? 'fifo'
        : S_ISSOCK($mode) ? 'socket'
        : S_ISCHR($mode)  ? 'character device'
        : S_ISBLK($mode)  ? 'block device'
        : 'unknown type';
}
