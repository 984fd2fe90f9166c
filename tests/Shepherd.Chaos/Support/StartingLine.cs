using Shepherd.Chaos.Harness;

namespace Shepherd.Chaos.Support;

/// <summary>Starts many shepherd commands at the same instant: each waits on a shared flock of a barrier file that the
/// harness holds exclusively until every one of them is launched (flock(1) runs the command once it gets the lock).</summary>
public static class StartingLine
{
    public static async Task<CliResult[]> RunAsync(World w, IReadOnlyList<(string[] Args, IReadOnlyDictionary<string, string?>? Env)> commands)
    {
        var barrier = Path.Combine(w.Dir, $"barrier-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(barrier, "");
        Launched[] launched;
        using (new FileStream(barrier, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) // .NET's FileShare.None is an exclusive flock
        {
            await w.Gate.PassAsync();
            launched = commands.Select(c => w.Launch(["flock", "-s", barrier, Paths.Shepherd, .. c.Args], c.Env)).ToArray();
            await Deadline.Until(() => launched.All(l => WaitingOnBarrier(l.Pid)), TimeSpan.FromSeconds(30));
        }
        var results = await Task.WhenAll(launched.Select(l => w.WaitAsync(l, TimeSpan.FromSeconds(180))));
        File.Delete(barrier);
        return results;
    }

    /// <summary>flock(1) is blocked in flock(2): the kernel shows where it sleeps.</summary>
    private static bool WaitingOnBarrier(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/wchan") is "locks_lock_inode_wait" or "flock_lock_inode_wait"; }
        catch (IOException) { return true; } // gone: nothing to wait for
    }
}
