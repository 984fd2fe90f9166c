using Shepherd.Chaos.Harness;

namespace Shepherd.Chaos.Support;

/// <summary>A second local user, created for a scenario (root only: useradd) and removed afterwards (userdel), and a
/// way to run a program as that user (setpriv, no supplementary groups).</summary>
public sealed class LocalUser : IAsyncDisposable
{
    private LocalUser(string name, int uid, int gid)
    {
        Name = name;
        Uid = uid;
        Gid = gid;
    }

    public string Name { get; }
    public int Uid { get; }
    public int Gid { get; }

    public static bool CanCreate => Environment.UserName == "root" && File.Exists("/usr/sbin/useradd") && File.Exists("/usr/bin/setpriv");

    public static async Task<LocalUser> CreateAsync(World w)
    {
        var name = $"chaos{Guid.NewGuid().ToString("N")[..8]}";
        var add = await w.WaitAsync(w.Launch(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name]), TimeSpan.FromSeconds(60));
        if (!add.Ok) throw new InvalidOperationException($"useradd {name}: {add}");
        var id = await w.WaitAsync(w.Launch(["id", "-u", name]), TimeSpan.FromSeconds(30));
        var gid = await w.WaitAsync(w.Launch(["id", "-g", name]), TimeSpan.FromSeconds(30));
        return new LocalUser(name, int.Parse(id.Stdout.Trim()), int.Parse(gid.Stdout.Trim()));
    }

    /// <summary>Runs <paramref name="argv"/> as this user, with the world's environment plus <paramref name="env"/>.</summary>
    public Task<CliResult> RunAsync(World w, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?>? env = null)
    {
        var extra = new Dictionary<string, string?> { ["HOME"] = "/nonexistent", ["USER"] = Name, ["LOGNAME"] = Name };
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) extra[k] = v;
        return w.WaitAsync(w.Launch(["setpriv", $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--", .. argv], extra), TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("userdel", Name) { RedirectStandardError = true })!;
        await p.WaitForExitAsync();
    }
}
