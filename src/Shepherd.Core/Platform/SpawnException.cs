namespace Shepherd.Platform;

/// <summary>posix_spawn failed with <see cref="Errno"/>. EAGAIN and ENOMEM (too many processes, no memory right
/// now) pass; anything else (no such file, not executable) will not.</summary>
public sealed class SpawnException(int errno, string message) : IOException(message)
{
    public const int EAGAIN = 11, ENOMEM = 12;

    public int Errno { get; } = errno;
    public bool Transient => Errno is EAGAIN or ENOMEM;
}
