using System.Formats.Tar;
using System.IO.Compression;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Conversation;

/// <summary><c>shepherd export</c> on one SHEPHERD_HOME and agent home, <c>shepherd import</c> on another: the agent's session
/// file lands where that machine's agent keeps it, and <c>shepherd resume</c> continues the conversation by the same id.</summary>
public sealed class ExportImportSpecs
{
    /// <summary>The session file (fake) agent <paramref name="agent"/> keeps in sandbox <paramref name="s"/> for conversation
    /// <paramref name="id"/>; OpenCode's "database" is the fake's state folder.</summary>
    private static string? AgentFile(Sandbox s, string task, string agent, string id) => agent switch
    {
        "codex" => Directory.Exists(Path.Combine(s.Dir, "codex", "sessions"))
            ? Directory.EnumerateFiles(Path.Combine(s.Dir, "codex", "sessions"), $"rollout-*-{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault() : null,
        "claude" => Directory.Exists(Path.Combine(s.Dir, "claude", "projects"))
            ? Directory.EnumerateFiles(Path.Combine(s.Dir, "claude", "projects"), $"{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault() : null,
        "opencode" => File.Exists(Path.Combine(s.FakeState(task), "sessions", id)) ? Path.Combine(s.FakeState(task), "sessions", id) : null,
        _ => File.Exists(id) ? id : null,
    };

    private static Dictionary<string, string?> FakeEnv(Sandbox s, string task, string plan = "ok") =>
        new() { ["FAKE_AGENT_STATE"] = s.FakeState(task), ["FAKE_AGENT_PLAN"] = plan };

    [Theory(Timeout = 120_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("opencode")]
    [InlineData("pi")]
    public async Task A_task_exported_from_one_home_and_imported_into_another_resumes_by_the_same_id(string agent)
    {
        await using var a = new Sandbox();
        await using var b = new Sandbox();
        await a.Start("move", "ok", agent);
        var before = await a.WaitFinal("move");
        before.State().ShouldBe("succeeded", before.ToString());
        var id = before.SessionId().ShouldNotBeNull();
        AgentFile(a, "move", agent, id).ShouldNotBeNull("the agent keeps its session where the real one does");

        var archive = Path.Combine(a.Dir, "move.tgz");
        var export = await a.Shepherd("export", "move", archive);
        export.ExitCode.ShouldBe(0, export.ToString());
        File.GetUnixFileMode(archive).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var import = await b.ShepherdWith(FakeEnv(b, "move"), null, "import", archive, "--dir", b.Project);
        import.ExitCode.ShouldBe(0, import.ToString());
        import.Stdout.ShouldStartWith("imported move: ");
        var imported = await b.Status("move");
        imported.State().ShouldBe("succeeded", imported.ToString());
        imported.Attempts().ShouldBe(1);
        var newId = imported.SessionId().ShouldNotBeNull();
        if (agent == "pi") newId.ShouldBe(Path.Combine(b.Home, "tasks", "move", "pi-session.jsonl"));
        else newId.ShouldBe(id);
        var placed = AgentFile(b, "move", agent, newId).ShouldNotBeNull("the session file is where this home's agent keeps it");
        if (agent != "opencode") File.GetUnixFileMode(placed).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (agent == "claude") Path.GetFileName(Path.GetDirectoryName(placed)).ShouldBe(b.Project.Replace('/', '-'));

        var resume = await b.Shepherd("resume", "move");
        resume.ExitCode.ShouldBe(0, resume.ToString());
        var after = await b.WaitFor("move", t => t.Attempts() == 2 && t.State() == "succeeded", TimeSpan.FromSeconds(60), "the resumed attempt");
        var second = after.History()[1];
        second.Kind().ShouldBe("resume", after.ToString());
        second.GetProperty("agentSessionId").GetString().ShouldBe(newId);
        var call = b.Calls("move").ShouldHaveSingleItem();
        call.GetProperty("resume").GetBoolean().ShouldBeTrue(call.ToString());
        call.GetProperty("session").GetString().ShouldBe(newId);
        call.GetProperty("cwd").GetString().ShouldBe(b.Project);
        a.Calls("move").Count.ShouldBe(1, "the exporting home runs nothing more");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_environment_travels_only_with_with_env()
    {
        await using var a = new Sandbox();
        await using var b = new Sandbox();
        var started = await a.ShepherdWith(new Dictionary<string, string?>(FakeEnv(a, "env")) { ["SECRET_TOKEN"] = "sekrit-4711" }, null,
            "start", "env", "--agent", "codex", "--dir", a.Project, "--prompt", "task env");
        started.ExitCode.ShouldBe(0, started.ToString());
        (await a.WaitFinal("env")).State().ShouldBe("succeeded");

        var plain = Path.Combine(a.Dir, "plain.tgz");
        (await a.Shepherd("export", "env", plain)).ExitCode.ShouldBe(0);
        Entries(plain).Keys.ShouldNotContain("env");
        Entries(plain).Values.ShouldAllBe(bytes => !System.Text.Encoding.UTF8.GetString(bytes).Contains("sekrit-4711"));

        var secret = Path.Combine(a.Dir, "secret.tgz");
        var withEnv = await a.Shepherd("export", "env", secret, "--with-env");
        withEnv.ExitCode.ShouldBe(0, withEnv.ToString());
        System.Text.Encoding.UTF8.GetString(Entries(secret)["env"]).ShouldContain("SECRET_TOKEN=sekrit-4711");

        (await b.ShepherdWith(FakeEnv(b, "env"), null, "import", plain, "--dir", b.Project)).ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(b.Home, "tasks", "env", "env")).ShouldNotContain("sekrit-4711");
        var import = await b.ShepherdWith(FakeEnv(b, "env"), null, "import", secret, "--dir", b.Project, "--name", "env2");
        import.ExitCode.ShouldBe(0, import.ToString());
        var env = File.ReadAllText(Path.Combine(b.Home, "tasks", "env2", "env"));
        env.ShouldContain("SECRET_TOKEN=sekrit-4711");
        env.ShouldContain($"SHEPHERD_HOME={b.Home}\0"); // where things are: this home's, never the archive's
        env.ShouldNotContain(a.Home);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_input_is_one_line_exit_2_and_stores_nothing()
    {
        await using var a = new Sandbox();
        await using var b = new Sandbox();
        await a.Start("bad");
        (await a.WaitFinal("bad")).State().ShouldBe("succeeded");
        var archive = Path.Combine(a.Dir, "bad.tgz");
        (await a.Shepherd("export", "bad", archive)).ExitCode.ShouldBe(0);
        var corrupt = Path.Combine(a.Dir, "corrupt.tgz");
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(corrupt, bytes[..(bytes.Length / 2)]);
        var garbage = Path.Combine(a.Dir, "garbage.tgz");
        File.WriteAllText(garbage, "not an archive at all\n");

        async Task Refused(Sandbox s, string contains, params string[] args)
        {
            var r = await s.ShepherdWith(FakeEnv(s, "bad"), null, args);
            r.ExitCode.ShouldBe(2, r.ToString());
            r.Stderr.Trim().Split('\n').ShouldHaveSingleItem(r.ToString());
            r.Stderr.ShouldContain(contains, customMessage: r.ToString());
        }
        await Refused(b, "no such file", "import", Path.Combine(a.Dir, "missing.tgz"), "--dir", b.Project);
        await Refused(b, "is not a shepherd export", "import", corrupt, "--dir", b.Project);
        await Refused(b, "is not a shepherd export", "import", garbage, "--dir", b.Project);
        await Refused(b, "project directory does not exist", "import", archive, "--dir", Path.Combine(b.Dir, "nowhere"));
        await Refused(b, "invalid task name", "import", archive, "--dir", b.Project, "--name", "Bad Name");
        (await b.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
        Directory.Exists(Path.Combine(b.Home, "tasks")).ShouldBeTrue();
        Directory.EnumerateFileSystemEntries(Path.Combine(b.Home, "tasks")).ShouldBeEmpty();
        Directory.Exists(Path.Combine(b.Dir, "codex", "sessions")).ShouldBeFalse("no session file placed");

        await Refused(a, "already exists", "import", archive, "--dir", a.Project); // the name is taken where it came from
        await Refused(a, "exists already", "export", "bad", archive);
        await Refused(a, "no task named", "export", "nosuch", Path.Combine(a.Dir, "x.tgz"));
        (await a.Status("bad")).Attempts().ShouldBe(1);
    }

    private static Dictionary<string, byte[]> Entries(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var all = new Dictionary<string, byte[]>();
        while (tar.GetNextEntry() is { } e)
        {
            using var ms = new MemoryStream();
            e.DataStream?.CopyTo(ms);
            all[e.Name] = ms.ToArray();
        }
        return all;
    }
}
