using System.Text;
using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Spend;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Each adapter's usage from its CLI's real events (captured from the pinned CLIs against the fake model server:
/// Codex 0.x exec --json, Claude Code 2.1.197, OpenCode run --format json, Pi --mode json), summed per attempt; Codex's
/// running total made the attempt's own; budgets and notification kinds from the stored figures.</summary>
public sealed class UsageEventSpecs
{
    // Codex: two turns of one conversation (a check failed after the first); the second total carries the first.
    private const string CodexTurn1 = """{"type":"turn.completed","usage":{"input_tokens":10077,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0}}""";
    private const string CodexTurn2 = """{"type":"turn.completed","usage":{"input_tokens":20298,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":2,"reasoning_output_tokens":0}}""";

    private const string ClaudeAssistant = """{"type":"assistant","message":{"id":"msg_2","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"OK"}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":18978,"output_tokens":1},"context_management":null},"parent_tool_use_id":null,"session_id":"ba8af1e7-f2d5-4fad-92b3-f52c0362dc23","uuid":"d100dceb-d32f-478c-80a3-e13da9f99888"}""";
    private const string ClaudeResult = """{"type":"result","subtype":"success","is_error":false,"api_error_status":null,"duration_ms":1294,"duration_api_ms":371,"ttft_ms":1247,"ttft_stream_ms":1246,"time_to_request_ms":936,"num_turns":1,"result":"OK","stop_reason":"end_turn","session_id":"ba8af1e7-f2d5-4fad-92b3-f52c0362dc23","total_cost_usd":0.09491499999999999,"usage":{"input_tokens":18978,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard"},"modelUsage":{"fake-model":{"inputTokens":18978,"outputTokens":1,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"webSearchRequests":0,"costUSD":0.09491499999999999,"contextWindow":200000,"maxOutputTokens":32000}},"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"8d000d82-4999-4d3d-81c6-1e027019a60e"}""";

    private const string OpenCodeStep = """{"type":"step_finish","timestamp":1796425013929,"sessionID":"ses_dbcb9e799ffeqtivWRLTx4zmqu","part":{"id":"prt_243465a07001YCG4s0RHhAwbpM","reason":"stop","messageID":"msg_2434645880013j8VN1EUcfnwbv","sessionID":"ses_dbcb9e799ffeqtivWRLTx4zmqu","type":"step-finish","tokens":{"total":7699,"input":7698,"output":1,"reasoning":0,"cache":{"write":0,"read":0}},"cost":0}}""";

    private const string PiUser = """{"type":"message_end","message":{"role":"user","content":[{"type":"text","text":"E2E task ZQPIUSAGEFFHSSBYL: reply with OK"}],"timestamp":1796425327158}}""";
    private const string PiAssistant = """{"type":"message_end","message":{"role":"assistant","content":[{"type":"text","text":"OK"}],"api":"openai-completions","provider":"fake","model":"fake-model","usage":{"input":1400,"output":1,"cacheRead":0,"cacheWrite":0,"totalTokens":1401,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}},"stopReason":"stop","timestamp":1796425032197,"responseId":"chatcmpl_1"}}""";
    private const string PiTurnEnd = """{"type":"turn_end","message":{"role":"assistant","content":[{"type":"text","text":"OK"}],"api":"openai-completions","provider":"fake","model":"fake-model","usage":{"input":1400,"output":1,"cacheRead":0,"cacheWrite":0,"totalTokens":1401,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}},"stopReason":"stop","timestamp":1796425032197,"responseId":"chatcmpl_1"},"toolResults":[]}""";

    private static AgentContext Ctx(string agent) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = $"{agent}-fix" },
        "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));

    private static Usage? Read(IAgentAdapter a, Usage? before, params string[] lines)
    {
        var p = a.NewParser(Ctx(a.Name)).CountingUsage(a, before);
        foreach (var line in lines) p.OnLine(line, false);
        return p.Facts.Usage;
    }

    [Fact]
    public void Codex_reports_the_conversation_s_running_total_and_an_attempt_gets_what_it_added()
    {
        var codex = AgentRegistry.Get("codex");
        var first = Read(codex, null, """{"type":"thread.started","thread_id":"t1"}""", CodexTurn1);
        first.ShouldBe(new Usage(10077, 0, 1));
        Read(codex, first, """{"type":"thread.started","thread_id":"t1"}""", CodexTurn2).ShouldBe(new Usage(10221, 0, 1));
    }

    [Fact]
    public void Claude_counts_its_result_once_with_the_cost_and_not_the_assistant_messages()
    {
        var claude = AgentRegistry.Get("claude");
        Read(claude, null, ClaudeAssistant, ClaudeResult).ShouldBe(new Usage(18978, 0, 1, 0.09491499999999999m));
        claude.UsageIn(System.Text.Json.JsonDocument.Parse("""{"type":"result","usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":1000,"output_tokens":7},"total_cost_usd":0.5}""").RootElement)
            .ShouldBe(new Usage(1015, 1000, 7, 0.5m)); // input counts the cache; the cached part is what was read from it
    }

    [Fact]
    public void OpenCode_and_Pi_report_per_step_and_per_message_and_the_attempt_sums_them()
    {
        Read(AgentRegistry.Get("opencode"), null, OpenCodeStep, OpenCodeStep).ShouldBe(new Usage(15396, 0, 2, 0m));
        AgentRegistry.Get("opencode").UsageIn(System.Text.Json.JsonDocument.Parse(
                """{"type":"step_finish","part":{"tokens":{"input":10,"output":5,"reasoning":3,"cache":{"write":2,"read":100}},"cost":0.25}}""").RootElement)
            .ShouldBe(new Usage(112, 100, 8, 0.25m));
        Read(AgentRegistry.Get("pi"), null, PiUser, PiAssistant, PiTurnEnd, PiAssistant).ShouldBe(new Usage(2800, 0, 2, 0m));
    }

    [Fact]
    public void A_custom_agent_reads_the_fields_its_definition_names_in_its_usage_events()
    {
        var mine = new CustomAdapter(new CustomAgent("mine", "x", ["-"], ["{session_id}"], PromptDelivery.Stdin, "json:id")
        {
            UsageEvent = "done",
            UsageFields = new Dictionary<string, string> { ["input_tokens"] = "json:usage.in", ["output_tokens"] = "json:usage.out", ["cost_usd"] = "json:cost" },
        });
        Read(mine, null, """{"type":"progress","usage":{"in":5,"out":5}}""", """{"type":"done","usage":{"in":100,"out":20},"cost":0.02}""",
            """{"type":"done","usage":{"in":50,"out":10}}""").ShouldBe(new Usage(150, null, 30, 0.02m));
        Read(new CustomAdapter(new CustomAgent("plain", "x", ["-"], ["{session_id}"], PromptDelivery.Stdin, "json:id")), null,
            """{"type":"done","usage":{"in":100,"out":20}}""").ShouldBeNull();
    }

    [Fact]
    public void A_custom_agent_s_usage_fields_survive_its_agent_json_and_must_be_json_paths()
    {
        var agent = new CustomAgent("mine", "x", ["-"], ["{session_id}"], PromptDelivery.Stdin, "json:id")
        {
            UsageEvent = "done", UsageTotal = true, UsageFields = new Dictionary<string, string> { ["input_tokens"] = "json:usage.in" },
        };
        var back = CustomAgent.FromJson(agent.ToJson());
        back.UsageFields.ShouldBe(agent.UsageFields);
        (back.UsageEvent, back.UsageTotal).ShouldBe(("done", true));
        Should.Throw<UsageException>(() => (agent with { UsageFields = new Dictionary<string, string> { ["cost_usd"] = "cost" } }).Validated())
            .Message.ShouldContain("[agents.mine] cost_usd");
    }

    [Fact]
    public void Budgets_count_from_the_last_explicit_start_or_resume_and_say_which_is_spent()
    {
        AttemptRecord A(int n, Usage? u) => new() { Kind = "resume", Number = n, Usage = u };
        var history = new[] { A(1, new Usage(2000, 0, 500, 0.2m)), A(2, new Usage(900, 100, 100, 0.11m)), A(3, null) };
        var task = new TaskRecord { Name = "t", Agent = "claude", ProjectDir = "/p", TmuxSession = "s", MaxTokens = 2500 };
        Budgets.Exhausted(task, history).ShouldBe("token budget spent (3500 of 2500)");
        Budgets.Exhausted(task with { BudgetFrom = 2 }, history).ShouldBeNull();
        Budgets.Exhausted(task with { MaxTokens = null, MaxCostUsd = 0.25m }, history).ShouldBe("cost budget spent ($0.31 of $0.25)");
        Budgets.Exhausted(task with { MaxTokens = null, MaxCostUsd = 0.25m }, [A(1, new Usage(10, null, 10))]).ShouldBeNull(); // no cost reported
    }

    [Fact]
    public void A_notification_s_kind_says_whether_a_person_must_act()
    {
        NotificationKinds.Of("succeeded", null).ShouldBe("done");
        NotificationKinds.Of("stopped", "stopped by user").ShouldBe("stopped");
        NotificationKinds.Of("failed", "restart budget spent (10 resumes in 60m)").ShouldBe("failed");
        NotificationKinds.Of("failed", "token budget spent (3000 of 2500)").ShouldBe("needs-you");
        NotificationKinds.Of("failed", "authentication refused: 401 Unauthorized").ShouldBe("needs-you");
        NotificationKinds.Of("failed", "bad arguments (exit 2): error: unexpected argument").ShouldBe("needs-you");
        NotificationKinds.Of("failed", "past the context window; the 2 handoff(s) allowed are spent").ShouldBe("needs-you");
        NotificationKinds.Of("waiting", "waiting for usage limit until 15:28:03").ShouldBe("needs-you");
        Should.Throw<UsageException>(() => NotificationKinds.Parse(["done,urgent"], "--notify-on")).Message.ShouldContain("'urgent'");
    }

    [Fact]
    public void Usage_is_shown_compactly_and_only_what_was_reported()
    {
        new Usage(2000, 400, 200).Short().ShouldBe("2.2k tokens");
        new Usage(1_234_567, null, 1000, 12.5m).Short().ShouldBe("1.24M tokens, $12.50");
        new Usage(null, null, null, 0.0123m).Short().ShouldBe("$0.0123");
        Usage.Sum(new Usage(1, null, 2), new Usage(null, null, null, 0.5m)).ShouldBe(new Usage(1, null, 2, 0.5m));
    }

    [Fact]
    public void Gemini_reports_its_result_stats_qwen_its_result_usage_and_copilot_no_tokens()
    {
        // Captured from the pinned CLIs against the fake model server (GeminiCapturedOutput, RealQwenCopilotLines).
        var gemini = Read(AgentRegistry.Get("gemini"), null,
            """{"type":"init","timestamp":"2026-12-04T20:34:54.000Z","session_id":"11111111-1111-4111-8111-111111111111","model":"fake"}""",
            """{"type":"result","timestamp":"2026-12-04T20:34:55.478Z","status":"success","stats":{"total_tokens":8,"input_tokens":6,"output_tokens":2,"cached":0,"input":6,"duration_ms":544,"tool_calls":0}}""");
        gemini.ShouldBe(new Usage(6, 0, 2, null));
        var qwen = Read(AgentRegistry.Get("qwen"), null,
            """{"type":"assistant","uuid":"ce3a02df-a1f4-4c11-a91f-299375d5211b","session_id":"11111111-1111-4111-8111-111111111111","parent_tool_use_id":null,"message":{"id":"ce3a02df","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"OK"}],"stop_reason":null,"usage":{"input_tokens":18947,"output_tokens":1,"cache_read_input_tokens":0,"total_tokens":18948}}}""",
            """{"type":"result","subtype":"success","uuid":"87cb0069-c81d-4416-ac67-24353fbc65c8","session_id":"11111111-1111-4111-8111-111111111111","is_error":false,"duration_ms":6624,"duration_api_ms":2447,"num_turns":1,"result":"OK","usage":{"input_tokens":29981,"output_tokens":2,"cache_read_input_tokens":0,"total_tokens":29983},"permission_denials":[]}""");
        qwen.ShouldBe(new Usage(29981, 0, 2, null)); // the run's total, not the assistant message's as well
        // A resumed Qwen replays the chat's telemetry first (replayUiTelemetryFromConversation): its result is the
        // conversation's total (seen in the E2E usage cell: 30160 then 60508), and the attempt gets what it added.
        Read(AgentRegistry.Get("qwen"), new Usage(29981, 0, 2, null),
            """{"type":"result","subtype":"success","uuid":"97cb0069-c81d-4416-ac67-24353fbc65c8","session_id":"11111111-1111-4111-8111-111111111111","is_error":false,"duration_ms":5120,"duration_api_ms":2011,"num_turns":1,"result":"OK","usage":{"input_tokens":60508,"output_tokens":4,"cache_read_input_tokens":0,"total_tokens":60512},"permission_denials":[]}""")
            .ShouldBe(new Usage(30527, 0, 2, null));
        Read(AgentRegistry.Get("copilot"), null,
            """{"type":"result","timestamp":"2026-12-04T20:40:00.000Z","sessionId":"22222222-2222-4222-8222-222222222222","exitCode":0,"usage":{"premiumRequests":0,"totalApiDurationMs":1,"sessionDurationMs":1}}""")
            .ShouldBeNull(); // Copilot reports no tokens: none are guessed
    }
}
