using Shepherd.Platform;
using Shepherd.Tmux;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The exact tmux argv, and how answers map to alive / gone / unknown.</summary>
public sealed class TmuxClientSpecs
{
    private sealed class Recorder(CommandResult answer) : ICommandRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public int RunOnTerminal(IReadOnlyList<string> argv)
        {
            Calls.Add(argv);
            return 0;
        }

        public CommandResult Run(CommandSpec spec)
        {
            Calls.Add(spec.Argv);
            return answer;
        }
    }

    [Fact]
    public void A_session_is_created_with_an_argv_on_the_private_socket_and_keeps_its_pane()
    {
        var r = new Recorder(new CommandResult(0, "%3\n", ""));
        var tmux = new TmuxClient(r, "sock");
        tmux.NewSession("codex-x", "/p", ["/bin/shepherd", "__run", "7"]).ShouldBe("%3");
        r.Calls[0].ShouldBe(["tmux", "-L", "sock", "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "codex-x", "-c", "/p",
            "-x", "200", "-y", "50", "--", "/bin/shepherd", "__run", "7", ";", "set-option", "-t", "=codex-x:", "remain-on-exit", "on"]);
    }

    [Fact]
    public void Sessions_are_matched_exactly()
    {
        var r = new Recorder(new CommandResult(0, "", ""));
        new TmuxClient(r, null).HasSession("codex-x").ShouldBe(Probe.Alive);
        r.Calls[0].ShouldBe(["tmux", "has-session", "-t", "=codex-x"]);
    }

    [Theory]
    [InlineData(1, "can't find session: codex-x", false, Probe.Gone)]
    [InlineData(1, "no server running on /tmp/tmux-0/sock", false, Probe.Gone)]
    [InlineData(1, "can't find window: codex-x", false, Probe.Gone)]
    [InlineData(1, "error connecting to /tmp/tmux-0/sock (Permission denied)", false, Probe.Unknown)]
    [InlineData(-1, "", true, Probe.Unknown)]
    public void A_failed_or_timed_out_probe_is_unknown_never_gone(int code, string stderr, bool timedOut, Probe expected) =>
        new TmuxClient(new Recorder(new CommandResult(code, "", stderr, timedOut)), null).HasSession("codex-x").ShouldBe(expected);
}
