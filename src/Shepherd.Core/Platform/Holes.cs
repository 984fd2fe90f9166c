namespace Shepherd.Platform;

/// <summary>Frees the start of a file another process keeps appending to. Punching a hole gives the blocks back but
/// keeps the file's length and every offset: the writer's O_APPEND goes on at the end, untouched. A hole reads as
/// zeros; readers skip it with SEEK_DATA (<see cref="NextData"/>).</summary>
public static unsafe class Holes
{
    public const int Block = 4096;

    /// <summary>Where to free a log up to, keeping its last <paramref name="keep"/> bytes (rounded to blocks), once twice
    /// that lies after <paramref name="freedTo"/>; null while it does not.</summary>
    public static long? FreeUpTo(long end, long freedTo, long keep) =>
        end - freedTo < 2 * keep ? null : (end - keep) / Block * Block;

    public static bool Punch(int fd, long offset, long length) =>
        length <= 0 || Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, length) == 0;

    /// <summary>Whether the filesystem holding <paramref name="dir"/> punches holes (ext4, xfs, btrfs and tmpfs do):
    /// tried on a scratch file that is unlinked as soon as it exists.</summary>
    public static bool Supported(string dir)
    {
        var path = Path.Combine(dir, $".hole-probe-{Environment.ProcessId}");
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0b110_000_000);
        if (fd < 0) return false;
        try
        {
            Libc.unlink(path);
            var block = stackalloc byte[Block];
            for (var i = 0; i < 2; i++)
                if (Libc.write(fd, block, Block) != Block) return false;
            return Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, 0, Block) == 0;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>The first offset at or after <paramref name="offset"/> that holds data: <paramref name="offset"/> itself
    /// when it does, when the filesystem cannot tell, or when nothing follows.</summary>
    public static long NextData(int fd, long offset)
    {
        var next = Libc.lseek(fd, offset, Libc.SEEK_DATA);
        return next < offset ? offset : next;
    }
}
