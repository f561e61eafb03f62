# steady's delete agent (dev.steady.cleanup.DeleteFiles). Deletes exactly the files it is sent,
# each only if it is still the file that was reviewed (DESIGN.md invariant 3). Core Perl only.
#   argv:   ROOT (absolute; every path must lie strictly below it)
#   stdin:  records "seq\0size\0mtime_ns\0inode\0device\0path\0"
#   stdout: one answer per record, in order: "seq\0D\0" deleted, "seq\0S\0reason\0" drifted
#           (skipped, left as it is), "seq\0F\0reason\0" the check or the unlink itself failed.
# It never follows a symbolic link, never enters a mount point inside the root (a bind mount of
# the same filesystem leads outside it), never removes a directory, and touches no other file.
#
# Speed (a million files is one run of this loop): input is read in large blocks and cut into
# records by one regular expression; a file costs one lstat, one getcwd and one unlink; answers are collected
# and written every 64 answers and whenever the input read so far is done. The controller sends at
# most a window of 256 records beyond the results it has committed (RecordWindow.FILES) and commits
# them a quarter window at a time: answering every 64 files lets it commit one quarter while we work on the
# rest, and never holding answers while blocked on input keeps it from waiting on us while we wait on it.
use strict;
use warnings;
use Errno qw(ENOENT ENOTDIR EINTR EAGAIN);
use Fcntl qw(:mode);
use Time::HiRes ();
use Cwd ();

binmode STDIN;
binmode STDOUT;

my $root = shift @ARGV;
die "steady agent: the plan root must be an absolute path\n" unless defined $root && $root =~ m{\A/};
my $prefix = $root eq '/' ? '/' : "$root/";

# The directory we are in, verified by walk(): its absolute path, device and inode; $here_key is
# the path as it prefixes a file's path before the last slash ('' for /).
my ($here, $here_key, $here_dev, $here_ino);

# Mount points strictly inside the root, from /proc/self/mountinfo (absent: none can be seen).
# The kernel marks the open file exceptional when the mount table changes (select's third set),
# so each walk re-reads it only after a mount or unmount.
my %mounts;
my $mountinfo;
read_mounts() if open $mountinfo, '<', '/proc/self/mountinfo';

use constant { FLUSH_ANSWERS => 64, READ_BYTES => 256 * 1024 };

my ($in, $out, $answers) = ('', '', 0);
while (1) {
    while (1) {
        if ($in =~ /\G([^\0]*)\0(\d+)\0(-?\d+)\0(\d+)\0(\d+)\0([^\0]*)\0/gc) {
            my ($seq, $size, $mtime, $ino, $dev, $path) = ($1, $2, $3, $4, $5, $6);
            # The common case inline (a sub call costs as much as a check): the next file of the
            # directory we are in, still the reviewed file, the directory still at its path right
            # before the unlink. Anything else goes through verdict(), which checks the same
            # things and says what differs.
            my $slash = rindex $path, '/';
            my ($name, @st);
            if (defined $here && $slash == length $here_key && substr($path, 0, $slash) eq $here_key
                && ($name = substr $path, $slash + 1) ne '' && $name ne '.' && $name ne '..'
                && (@st = Time::HiRes::lstat($name)) && ($st[2] & 0170000) == 0100000
                && "$st[0]" eq $dev && "$st[1]" eq $ino && "$st[7]" eq $size
                && length $mtime > 9 && ord $mtime != 45    # a positive time, '-' is 45: see same_mtime()
                && abs($st[9] - substr($mtime, 0, -9) - substr($mtime, -9) / 1e9) < 5e-7
                && still_here() && unlink $name) {
                $out .= "$seq\0D\0";
            } else {
                my ($kind, $reason) = verdict($size, $mtime, $ino, $dev, $path);
                $out .= defined $reason ? "$seq\0$kind\0$reason\0" : "$seq\0$kind\0";
            }
        } elsif ($in =~ /\G([^\0]*)\0[^\0]*\0[^\0]*\0[^\0]*\0[^\0]*\0[^\0]*\0/gc) {
            $out .= "$1\0S\0not a valid plan entry\0";
        } else {
            last;
        }
        flush() if ++$answers >= FLUSH_ANSWERS;
    }
    substr($in, 0, pos($in) // 0, '');
    flush() if length $out;
    my $n = sysread STDIN, $in, READ_BYTES, length $in;
    unless (defined $n) {
        next if $! == EINTR || $! == EAGAIN;
        die "steady agent: cannot read the plan: $!\n";
    }
    last if $n == 0;
}
flush();
# A field cut short is fatal: a truncated path must never be taken for a whole one.
die "steady agent: input ended inside a record\n" if length $in;
exit 0;

sub flush {
    $answers = 0;
    while (length $out) {
        my $n = syswrite STDOUT, $out;
        unless (defined $n) {
            next if $! == EINTR || $! == EAGAIN;
            die "steady agent: cannot answer: $!\n";
        }
        substr($out, 0, $n, '');
    }
}

sub verdict {
    my ($size, $mtime, $ino, $dev, $path) = @_;
    return ('S', 'outside the plan root')
        unless length($path) > length($prefix) && substr($path, 0, length $prefix) eq $prefix;
    my $slash = rindex $path, '/';
    my $name = substr $path, $slash + 1;
    if (defined $here && $here_key eq substr($path, 0, $slash)) {
        # the directory's components were checked when it was walked; only the name is new
        return ('S', 'outside the plan root (an empty, . or .. path component)')
            if $name eq '' || $name eq '.' || $name eq '..';
        unless (still_here()) {
            my @why = walk($here_key eq '' ? () : split m{/}, substr($here_key, 1), -1);
            return @why if @why;
        }
    } else {
        my @parts = split m{/}, substr($path, 1), -1;
        return ('S', 'outside the plan root (an empty, . or .. path component)')
            if grep { $_ eq '' || $_ eq '.' || $_ eq '..' } @parts;
        pop @parts;
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

# Between files of one directory the walk is not repeated; the directory we are in must still be
# at the walked path. The kernel's own path of the current directory (getcwd: one syscall, no
# path walk, cheaper than an lstat of the path) is compared with it: it changes when the directory
# or any directory above it is renamed, moved out of the root, or moved away and replaced by a
# symbolic link to it, which an lstat of the absolute path would follow and not see. Checked for
# every file, right before its unlink (and by verdict() before anything else).
sub still_here {
    my $cwd = Cwd::getcwd();
    return defined $cwd && $cwd eq $here;
}

# Walks from / to the file's directory one component at a time. Each component must be a real
# directory by lstat (not a link); after chdir into it, '.' must be that same directory (device
# and inode), else it was swapped between the two calls. Returns () when there, else a verdict.
sub walk {
    my @parts = @_;
    read_mounts() if $mountinfo && mounts_changed();
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
    ($here, $here_key, $here_dev, $here_ino) = ($at eq '' ? '/' : $at, $at, @id);
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
    return ('S', "a path component is a mount point: $at") if $mounts{$at};
    return ('S', "a path component is not a directory: $at") unless S_ISDIR($l[2]);
    chdir $c or return $! == ENOENT ? ('S', 'gone') : ('F', "cannot enter $at: $!");
    my @d = stat '.';
    return ('S', "a path component was replaced during the check: $at")
        unless @d && $d[0] == $l[0] && $d[1] == $l[1];
    @$id = @l[0, 1];
    return ();
}

sub read_mounts {
    %mounts = ();
    seek $mountinfo, 0, 0;
    local $/ = "\n";
    while (my $line = <$mountinfo>) {
        my $point = (split / /, $line)[4];
        next unless defined $point;
        $point =~ s/\\([0-7]{3})/chr oct $1/ge;    # space, tab, newline and backslash come as \ooo
        $mounts{$point} = 1 if length($point) > length($prefix) && substr($point, 0, length $prefix) eq $prefix;
    }
}

sub mounts_changed {
    my $e = '';
    vec($e, fileno($mountinfo), 1) = 1;
    return select(undef, undef, $e, 0) > 0;
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
