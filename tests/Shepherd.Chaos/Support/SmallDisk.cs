using Shepherd.Chaos.Harness;

namespace Shepherd.Chaos.Support;

/// <summary>A small tmpfs (root mounts it) to hold a world's SHEPHERD_HOME: a disk that fills up. Unmounted on dispose
/// (lazily, so a process that still holds a file there does not keep it mounted).</summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string _world;

    private SmallDisk(string mount, string world)
    {
        Mount = mount;
        _world = world;
    }

    public string Mount { get; }
    public string Home => Path.Combine(Mount, "home");

    public static bool CanMount => Environment.UserName == "root";

    public static async Task<SmallDisk> MountAsync(World w, string dir, int megabytes)
    {
        Directory.CreateDirectory(dir);
        var r = await w.WaitAsync(w.Launch(["mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", dir]), TimeSpan.FromSeconds(30));
        return r.Ok ? new SmallDisk(dir, w.Dir) : throw new InvalidOperationException($"mount tmpfs: {r}");
    }

    /// <summary>Fills what is left of the disk with one file (the agent's log is what fills it in the scenario).</summary>
    public void Fill(string name = "ballast")
    {
        using var f = new FileStream(Path.Combine(Mount, name), FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        try { while (true) f.Write(block); }
        catch (IOException) { } // ENOSPC: full
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote.</summary>
    public void Free(string name = "ballast") => File.Delete(Path.Combine(Mount, name));

    /// <summary>Unmounts, then deletes what the world could not while the mount was there.</summary>
    public void Dispose()
    {
        System.Diagnostics.Process.Start("umount", ["-l", Mount])!.WaitForExit();
        try { if (Directory.Exists(_world)) Directory.Delete(_world, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
