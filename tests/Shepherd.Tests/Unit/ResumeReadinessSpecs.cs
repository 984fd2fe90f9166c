using Shepherd.Agents;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>doctor's per-task verdict, from the agents' own files in a scratch HOME.</summary>
public sealed class ResumeReadinessSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-ready-").FullName;

    private Dictionary<string, string> Env(string agent)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var exe = Path.Combine(bin, agent);
        File.WriteAllText(exe, "#!/bin/sh\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return new() { ["PATH"] = bin, ["HOME"] = Path.Combine(_dir, "home") };
    }

    private TaskRecord Task(string agent, string? id) =>
        new() { Name = "t", Agent = agent, ProjectDir = _dir, TmuxSession = $"{agent}-t", AgentSessionId = id };

    [Fact]
    public void Codex_is_ready_when_its_rollout_file_exists()
    {
        var env = Env("codex");
        ResumeReadiness.Check(Task("codex", "0199-abc"), env).Ok.ShouldBeFalse();
        var day = Directory.CreateDirectory(Path.Combine(_dir, "home", ".codex", "sessions", "2026", "11", "27")).FullName;
        File.WriteAllText(Path.Combine(day, "rollout-2026-11-27T01-00-00-0199-abc.jsonl"), "");
        ResumeReadiness.Check(Task("codex", "0199-abc"), env).Ok.ShouldBeTrue();
    }

    [Fact]
    public void Claude_is_ready_only_with_a_transcript_for_this_directory()
    {
        var env = Env("claude");
        env["CLAUDE_CONFIG_DIR"] = Path.Combine(_dir, "claude");
        ResumeReadiness.Check(Task("claude", "5f0c"), env).Ok.ShouldBeFalse();
        var project = Directory.CreateDirectory(Path.Combine(_dir, "claude", "projects", _dir.Replace('/', '-'))).FullName;
        File.WriteAllText(Path.Combine(project, "5f0c.jsonl"), "");
        ResumeReadiness.Check(Task("claude", "5f0c"), env).Detail.ShouldContain("only from this directory");
    }

    [Fact]
    public void Without_a_session_or_a_binary_the_verdict_says_so()
    {
        ResumeReadiness.Check(Task("pi", null), Env("pi")).Detail.ShouldContain("prompt will run again");
        ResumeReadiness.Check(Task("opencode", "ses_1"), new Dictionary<string, string> { ["PATH"] = "/nonexistent" }).Ok.ShouldBeFalse();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
