using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>daemon --install</c> writes the environment the daemon needs (SHEPHERD_HOME, SHEPHERD_CONFIG, the tmux
/// socket, PATH) in systemd's quoting: a space or a % in a value reaches the daemon unchanged.</summary>
public sealed class SystemdUnitSpecs
{
    [Fact(Timeout = 30_000)]
    public async Task The_unit_quotes_its_values_doubles_percent_signs_and_keeps_SHEPHERD_CONFIG()
    {
        await using var s = new Sandbox();
        var config = Path.Combine(s.Dir, "xdg-config");
        var path = "/opt/my tools/bin:/usr/%u/bin:" + Environment.GetEnvironmentVariable("PATH");
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, ["PATH"] = path }, null, "daemon", "--install");
        r.ExitCode.ShouldBe(0, r.ToString());
        var lines = File.ReadAllLines(Path.Combine(config, "systemd", "user", "shepherd.service"));
        lines.ShouldContain($"Environment=\"SHEPHERD_HOME={s.Home}\"");
        lines.ShouldContain($"Environment=\"SHEPHERD_CONFIG={s.Env["SHEPHERD_CONFIG"]}\"");
        lines.ShouldContain($"Environment=\"SHEPHERD_TMUX_SOCKET={s.Socket}\"");
        lines.ShouldContain("Environment=\"PATH=" + path.Replace("%", "%%") + "\"");
        lines.Single(l => l.StartsWith("ExecStart=")).ShouldBe($"ExecStart=\"{Repo.ShepherdBin}\" daemon");
    }
}
