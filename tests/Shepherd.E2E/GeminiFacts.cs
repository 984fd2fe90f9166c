using System.Diagnostics;
using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Platform;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>What ../shared/agents.md ("The next agents") says about Gemini CLI 0.61.0, checked against the pinned CLI and
/// the fake server, and what docs/agents-found.md §9 adds: each test fails if the fact is wrong.</summary>
public sealed class GeminiFacts
{
    private static string NewId() => Guid.NewGuid().ToString();

    [Fact]
    public async Task A_piped_prompt_runs_headless_init_first_result_last_and_the_chat_is_kept_per_directory()
    {
        await using var w = await AgentWorld.CreateAsync("gemini", "f1");
        var id = NewId();
        var r = await GeminiCli.Run(w, w.Prompt(), null, "--session-id", id);
        r.ExitCode.ShouldBe(0, r.ToString());
        var events = GeminiCli.Events(r.Stdout);
        events[0].Type().ShouldBe("init", r.Stdout);
        events[0].GetProperty("session_id").GetString().ShouldBe(id);
        events.ShouldContain(e => e.Type() == "message" && e.GetProperty("role").GetString() == "user"
                                  && e.GetProperty("content").GetString() == w.Prompt()); // stdin verbatim, no -p
        events[^1].Type().ShouldBe("result");
        events[^1].GetProperty("status").GetString().ShouldBe("success");
        events[^1].GetProperty("stats").GetProperty("total_tokens").GetInt32().ShouldBeGreaterThan(0);

        var chat = GeminiCli.ChatFiles(w, id).ShouldHaveSingleItem();
        using (var header = JsonDocument.Parse(File.ReadLines(chat).First()))
            header.RootElement.GetProperty("sessionId").GetString().ShouldBe(id);
        var turn = w.PromptRequests().ShouldHaveSingleItem();
        turn.Path.ShouldEndWith(":streamGenerateContent");
        turn.Query.ShouldBe("?alt=sse");
        turn.Headers["x-goog-api-key"].ShouldBe("fake-gemini-key");
        w.Server.Requests.ShouldContain(x => x.Kind == ApiKind.GeminiSide && x.AnyUserTextContains(w.Marker)); // routing
    }

    [Fact]
    public async Task An_id_given_twice_an_unknown_id_and_a_resume_from_another_directory_exit_42()
    {
        await using var w = await AgentWorld.CreateAsync("gemini", "f2");
        var id = NewId();
        (await GeminiCli.Run(w, w.Prompt(), null, "--session-id", id)).ExitCode.ShouldBe(0);

        var twice = await GeminiCli.Run(w, w.Prompt(), null, "--session-id", id);
        twice.ExitCode.ShouldBe(42, twice.ToString());
        twice.Stderr.ShouldContain($"Session ID \"{id}\" already exists. Use --resume to resume it");
        var unknown = await GeminiCli.Run(w, w.Prompt(), null, "--resume", NewId());
        unknown.ExitCode.ShouldBe(42, unknown.ToString());
        unknown.Stderr.ShouldContain("Error resuming session: Invalid session identifier");
        var elsewhere = await GeminiCli.Run(w, w.Prompt(), Directory.CreateDirectory(Path.Combine(w.S.Dir, "other")).FullName, "--resume", id);
        elsewhere.ExitCode.ShouldBe(42, elsewhere.ToString());
        elsewhere.Stderr.ShouldContain("Error resuming session: No previous sessions found for this project.");
    }

    [Fact]
    public async Task With_a_base_url_and_no_auth_type_in_its_settings_it_exits_41()
    {
        await using var w = await AgentWorld.CreateAsync("gemini", "f4");
        File.WriteAllText(Path.Combine(w.S.Env["HOME"]!, ".gemini", "settings.json"), "{}");
        var r = await GeminiCli.Run(w, w.Prompt(), null);
        r.ExitCode.ShouldBe(41, r.ToString());
        r.Stderr.ShouldContain("Invalid auth method selected.");
        w.PromptRequests().ShouldBeEmpty();
    }

    /// <summary>Not in agents.md (docs/agents-found.md §9; upstream google-gemini/gemini-cli#27368): <c>--resume</c> opens a
    /// second chat file for the same id that holds only the header, and the session cleanup of the next run with another
    /// id in that directory deletes every file of that id, the conversation with it.</summary>
    [Fact]
    public async Task After_a_resume_the_next_new_session_in_the_directory_deletes_the_resumed_conversation()
    {
        await using var w = await AgentWorld.CreateAsync("gemini", "f7");
        var id = NewId();
        (await GeminiCli.Run(w, w.Prompt(), null, "--session-id", id)).ExitCode.ShouldBe(0);
        // As if the conversation had started in an earlier minute: the file name has the minute, and a resume within the
        // same minute appends its header to the very file it resumes (nothing is lost then).
        var started = GeminiCli.ChatFiles(w, id).ShouldHaveSingleItem();
        File.Move(started, Path.Combine(Path.GetDirectoryName(started)!, $"session-2026-01-01T00-00-{id[..8]}.jsonl"));
        (await GeminiCli.Run(w, "second turn", null, "--resume", id)).ExitCode.ShouldBe(0);
        GeminiCli.ChatFiles(w, id).Count.ShouldBe(2, "the resumed chat and a header-only one");

        (await GeminiCli.Run(w, "another task", null, "--session-id", NewId())).ExitCode.ShouldBe(0);
        GeminiCli.ChatFiles(w, id).ShouldBeEmpty();
        (await GeminiCli.Run(w, "third turn", null, "--resume", id)).ExitCode.ShouldBe(42);
    }
}

/// <summary>How Gemini CLI ends: its exit codes after API errors, and on the signals Shepherd sends; its two processes.</summary>
public sealed class GeminiExitFacts
{
    [Theory]
    [InlineData(429, 173)]
    [InlineData(500, 244)]
    [InlineData(400, 144)]
    public async Task An_api_error_ends_with_an_error_result_and_the_http_status_mod_256_as_exit_code(int status, int exit)
    {
        await using var w = await AgentWorld.CreateAsync("gemini", $"e{status}");
        w.Server.WhenPromptContains(w.Marker, status == 429 ? ReplyBehavior.RateLimited(TimeSpan.FromSeconds(1)) : ReplyBehavior.HttpError(status));
        var r = await GeminiCli.Run(w, w.Prompt(), null, "--session-id", Guid.NewGuid().ToString());
        r.ExitCode.ShouldBe(exit, r.ToString());
        var result = GeminiCli.Events(r.Stdout)[^1];
        result.Type().ShouldBe("result");
        result.GetProperty("status").GetString().ShouldBe("error");
        result.GetProperty("error").GetProperty("message").GetString()!.ShouldStartWith("[API Error: ");
        w.PromptRequests().Count.ShouldBe(1, "general.maxAttempts 1: no retry of its own");
    }

    [Fact]
    public async Task It_runs_as_a_wrapper_and_a_relaunched_child_and_sigkill_of_the_wrapper_alone_leaves_the_child()
    {
        await using var w = await AgentWorld.CreateAsync("gemini", "f5");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)));
        using var p = GeminiCli.StartInGroup(w, w.Prompt(), "--session-id", Guid.NewGuid().ToString());
        try
        {
            await w.WaitPromptRequest();
            var child = ProcStat.All().Where(s => s.ProcessGroup == p.Id && s.Pid != p.Id && !s.IsDead).ShouldHaveSingleItem();
            File.ReadAllText($"/proc/{child.Pid}/stat").Split(") ")[1].Split(' ')[1].ShouldBe(p.Id.ToString()); // its parent
            Native.Kill(p.Id, 9).ShouldBeTrue();
            await p.WaitForExitAsync();
            // Give it every chance to go by itself: it does not.
            var until = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < until && ProcStat.Read(child.Pid) is { IsDead: false }) await Task.Delay(100);
            ProcStat.Read(child.Pid).ShouldNotBeNull().IsDead.ShouldBeFalse("the child outlives its wrapper");
        }
        finally { Native.KillGroup(p.Id); }
    }

    [Theory]
    [InlineData(Signals.SIGINT)]
    [InlineData(Signals.SIGTERM)]
    [InlineData(Signals.SIGHUP)]
    public async Task A_signal_to_its_group_ends_it_with_exit_0_and_no_result(int signal)
    {
        await using var w = await AgentWorld.CreateAsync("gemini", $"s{signal}");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)));
        using var p = GeminiCli.StartInGroup(w, w.Prompt(), "--session-id", Guid.NewGuid().ToString());
        var stdout = p.StandardOutput.ReadToEndAsync();
        try
        {
            await w.WaitPromptRequest();
            Native.KillGroup(p.Id, signal).ShouldBeTrue();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            p.ExitCode.ShouldBe(0);
            GeminiCli.Events(await stdout).ShouldNotContain(e => e.Type() == "result");
        }
        finally { Native.KillGroup(p.Id); }
    }
}
