using System.Text;
using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>An agent defined in config.toml: what the file may say (a bad definition names the file, the line, the agent
/// and the key), the argv its templates make, where its session id comes from, and its verdicts.</summary>
public sealed class CustomAgentSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-custom-").FullName;
    private string File => Path.Combine(_dir, "config.toml");

    private const string Good = """
        [agents.mycodex]
        command = "/usr/local/bin/some-agent"
        start  = ["exec", "--json", "-"]
        resume = ["exec", "--json", "resume", "{session_id}", "-"]
        prompt = "stdin"
        session_id = "json:thread_id"
        rate_limit = ["quota exceeded"]
        rate_limited_exit_codes = [75]
        fatal_exit_codes = [2, 64]
        """;

    private CustomAgent Load(string toml)
    {
        System.IO.File.WriteAllText(File, toml);
        return ShepherdConfig.Load(File).Agents.Values.Single();
    }

    [Fact]
    public void A_definition_loads_with_every_setting()
    {
        var a = Load(Good);
        a.Name.ShouldBe("mycodex");
        a.Command.ShouldBe("/usr/local/bin/some-agent");
        a.Start.ShouldBe(["exec", "--json", "-"]);
        a.SessionField.ShouldBe(["thread_id"]);
        a.RateLimitedExitCodes.ShouldBe([75]);
        a.FatalExitCodes.ShouldBe([2, 64]);
        CustomAgent.FromJson(a.ToJson()).ShouldBeEquivalentTo(a);
    }

    [Theory]
    [InlineData("start = \"exec\"", ":3:1: [agents.mycodex] start: must be a list of strings")]
    [InlineData("prompt = \"pipe\"", ":5:1: [agents.mycodex] prompt: \"stdin\", \"argv\" or \"file\", not 'pipe'")]
    [InlineData("session_id = \"thread_id\"", ":6:1: [agents.mycodex] session_id: \"json:<field>\" (the stdout JSON field holding it) or \"assign\"")]
    [InlineData("resume = [\"exec\", \"resume\", \"-\"]", ":4:1: [agents.mycodex] resume: must pass {session_id}")]
    [InlineData("fatal_exit_codes = [0]", ":9:1: [agents.mycodex] fatal_exit_codes: must be a list of exit codes from 1 to 255")]
    [InlineData("rate_limit = [\"(\"]", ":7:1: [agents.mycodex] rate_limit: '(' is not a regex")]
    [InlineData("colour = \"red\"", ": [agents.mycodex] colour: unknown setting")]
    public void A_bad_definition_names_the_file_line_agent_and_key(string replace, string expected)
    {
        var key = replace.Split(' ')[0];
        var lines = Good.Split('\n').Select(l => l.StartsWith(key + " ") ? replace : l).ToList();
        if (!lines.Contains(replace)) lines.Add(replace);
        System.IO.File.WriteAllText(File, string.Join('\n', lines));
        var e = Should.Throw<UsageException>(() => ShepherdConfig.Load(File));
        e.Message.ShouldStartWith(File);
        e.Message.ShouldContain(expected);
        e.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("[agents.codex]", "codex is a built-in agent")]
    [InlineData("[agents.My_Agent]", "an agent's name is a-z")]
    public void A_name_must_be_new_and_fit_a_tmux_session(string header, string expected)
    {
        var e = Should.Throw<UsageException>(() => Load(Good.Replace("[agents.mycodex]", header)));
        e.Message.ShouldContain(expected);
    }

    [Fact]
    public void Assign_needs_the_session_id_in_start_and_a_missing_command_is_named()
    {
        Should.Throw<UsageException>(() => Load(Good.Replace("\"json:thread_id\"", "\"assign\""))).Message
            .ShouldContain("[agents.mycodex] start: session_id = \"assign\" needs {session_id} in start");
        Should.Throw<UsageException>(() => Load(Good.Replace("command = \"/usr/local/bin/some-agent\"\n", ""))).Message
            .ShouldContain("[agents.mycodex] command: missing");
    }

    [Fact]
    public void A_relative_command_is_the_file_next_to_the_config()
    {
        Load(Good.Replace("/usr/local/bin/some-agent", "./bin/agent.sh")).Command.ShouldBe(Path.Combine(_dir, "bin", "agent.sh"));
        Load(Good.Replace("/usr/local/bin/some-agent", "some-agent")).Command.ShouldBe("some-agent");
    }

    private AgentContext Ctx(params string[] extra) =>
        new(new TaskRecord { Id = 1, Name = "t", Agent = "mine", ProjectDir = _dir, TmuxSession = "mine-t", ExtraArgs = extra }, _dir,
            Encoding.UTF8.GetBytes("fix it"));

    [Fact]
    public void Templates_make_the_argv_for_each_way_of_giving_the_prompt()
    {
        var viaStdin = new CustomAdapter(new CustomAgent("mine", "x", ["run", "{args}", "-"], ["run", "--resume", "{session_id}", "-"], PromptDelivery.Stdin, "json:id"));
        var start = viaStdin.Start(Ctx("--model", "m"));
        start.Arguments.ShouldBe(["run", "--model", "m", "-"]);
        Encoding.UTF8.GetString(start.Stdin!).ShouldBe("fix it");
        start.SessionId.ShouldBeNull();
        viaStdin.Resume(Ctx(), "abc", "go on"u8.ToArray()).Arguments.ShouldBe(["run", "--resume", "abc", "-"]);

        var viaArgv = new CustomAdapter(new CustomAgent("mine", "x", ["-p", "{prompt}", "--id", "{session_id}"], ["-p", "{prompt}", "-r", "{session_id}"],
            PromptDelivery.Argv, CustomAgent.Assign));
        var s = viaArgv.Start(Ctx("--fast"));
        s.Stdin.ShouldBeNull();
        s.SessionId.ShouldNotBeNull();
        s.Arguments.ShouldBe(["-p", "fix it", "--id", s.SessionId!, "--fast"]);
        viaArgv.Resume(Ctx(), s.SessionId!, "more"u8.ToArray()).Arguments.ShouldBe(["-p", "more", "-r", s.SessionId!]);

        var viaFile = new CustomAdapter(new CustomAgent("mine", "x", ["--file={prompt_file}"], ["--file={prompt_file}", "{session_id}"], PromptDelivery.File, "json:id"));
        viaFile.Start(Ctx()).Arguments.ShouldBe([$"--file={Path.Combine(_dir, "prompt")}"]);
        var resumed = viaFile.Resume(Ctx(), "s1", "the follow-up"u8.ToArray());
        resumed.Arguments.ShouldBe([$"--file={Path.Combine(_dir, "resume-prompt")}", "s1"]);
        System.IO.File.ReadAllText(Path.Combine(_dir, "resume-prompt")).ShouldBe("the follow-up");
    }

    [Fact]
    public void The_session_id_is_the_first_json_line_carrying_its_field_nested_or_not()
    {
        var a = new CustomAdapter(new CustomAgent("mine", "x", ["-"], ["{session_id}"], PromptDelivery.Stdin, "json:session.id"));
        var p = a.NewParser(Ctx());
        p.OnLine("plain text", false).ShouldBeNull();
        p.OnLine("{\"type\":\"hello\"}", false).ShouldBeNull();
        p.OnLine("{\"session\":{\"id\":\"s-42\"}}", false).ShouldBe("s-42");
        p.OnLine("{\"session\":{\"id\":\"s-43\"}}", false).ShouldBeNull();
        p.Facts.SessionId.ShouldBe("s-42");
    }

    [Fact]
    public void The_exit_decides_with_the_agent_s_fatal_and_rate_limit_codes_and_patterns()
    {
        var def = Load(Good);
        var a = new CustomAdapter(def);
        Verdict V(ExitStatus exit, params string[] stderr)
        {
            var p = a.NewParser(Ctx());
            foreach (var l in stderr) p.OnLine(l, true);
            return a.Classify(exit, p.Facts);
        }
        V(ExitStatus.Exited(0)).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        V(ExitStatus.Exited(64)).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        V(ExitStatus.Exited(1)).Outcome.ShouldBe(AttemptOutcome.Retryable);
        V(ExitStatus.Exited(127)).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        V(ExitStatus.Killed(9)).Detail.ShouldBe("killed by SIGKILL");
        V(ExitStatus.Exited(75)).Detail.ShouldStartWith("rate limited (exit 75)");
        var limited = V(ExitStatus.Exited(1), "error: quota exceeded, try again in 30s");
        limited.Detail.ShouldStartWith("rate limited (exit 1): error: quota exceeded");
        limited.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
        V(ExitStatus.Exited(1), "You've hit your usage limit. Try again in 3 hours.").UsageLimit.ShouldNotBeNull();
    }

    [Fact]
    public void A_model_api_error_that_ends_the_conversation_hands_off_from_stderr_or_an_error_event()
    {
        var a = new CustomAdapter(Load(Good));
        var p = a.NewParser(Ctx());
        p.OnLine("Error: 400 prompt is too long: 213801 tokens > 200000 maximum", true);
        var v = a.Classify(ExitStatus.Exited(1), p.Facts);
        v.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        v.Handoff.ShouldBe(ConversationErrors.PastContextWindow);
        v.Detail.ShouldBe("the conversation is past the model's context window (exit 1): Error: 400 prompt is too long: 213801 tokens > 200000 maximum");
        var q = a.NewParser(Ctx());
        q.OnLine("""{"type":"error","message":"No tool output found for function call call_1."}""", false);
        a.Classify(ExitStatus.Exited(1), q.Facts).Handoff.ShouldBe(ConversationErrors.ToolCallWithoutResult);
        a.Classify(ExitStatus.Exited(0), q.Facts).Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
