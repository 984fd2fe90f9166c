using Shepherd.Agents;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Each agent's events in a person's words (event shapes as the pinned CLIs print them, agents.md), and the
/// log lines that are not events: Shepherd's notes, plain text with its escapes stripped, the done marker left out.</summary>
public sealed class TranscriptSpecs
{
    private static string? Line(string agent, string raw) => Transcript.Of(raw, AgentRegistry.Get(agent))?.ToString();

    [Theory]
    [InlineData("codex", """{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}""", "— conversation 0199a213-81c0-7800-8aa1-bbab2a035a53")]
    [InlineData("codex", """{"type":"turn.started"}""", null)]
    [InlineData("codex", """{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"All tests pass."}}""", "All tests pass.")]
    [InlineData("codex", """{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc 'npm test'","aggregated_output":"…","exit_code":1,"status":"failed"}}""", "$ bash -lc 'npm test' (exit 1)")]
    [InlineData("codex", """{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"src/a.ts","kind":"update"}],"status":"completed"}}""", "$ changed src/a.ts")]
    [InlineData("codex", """{"type":"turn.failed","error":{"message":"stream disconnected before completion"}}""", "error: stream disconnected before completion")]
    [InlineData("codex", """{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}""", "— turn finished")]
    [InlineData("claude", """{"type":"system","subtype":"init","session_id":"3f1c9a52-0b1e-4c1a-9d5e-2a7f0c3b8e11","tools":[]}""", "— conversation 3f1c9a52-0b1e-4c1a-9d5e-2a7f0c3b8e11")]
    [InlineData("claude", """{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"Fixed the import."}]},"session_id":"x"}""", "Fixed the import.")]
    [InlineData("claude", """{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"dotnet test"}}]},"session_id":"x"}""", "$ Bash dotnet test")]
    [InlineData("claude", """{"type":"result","subtype":"success","is_error":false,"result":"Fixed the import.","session_id":"x"}""", "— turn finished")]
    [InlineData("claude", """{"type":"result","subtype":"success","is_error":true,"result":"API Error: 529 Overloaded","session_id":"x"}""", "error: API Error: 529 Overloaded")]
    [InlineData("opencode", """{"type":"text","sessionID":"ses_1","part":{"type":"text","text":"Renamed the module."}}""", "Renamed the module.")]
    [InlineData("opencode", """{"type":"tool_use","sessionID":"ses_1","part":{"type":"tool","tool":"bash","state":{"status":"completed","input":{"command":"ls"}}}}""", "$ bash ls")]
    [InlineData("opencode", """{"type":"step_start","sessionID":"ses_1","part":{"type":"step-start"}}""", null)]
    [InlineData("pi", """{"type":"message_end","message":{"role":"assistant","content":[{"type":"text","text":"Done."}],"stopReason":"stop"}}""", "Done.")]
    [InlineData("pi", """{"type":"message_end","message":{"role":"assistant","content":[],"stopReason":"error","errorMessage":"400 bad request"}}""", "error: 400 bad request")]
    [InlineData("pi", """{"type":"message_update","message":{"role":"assistant"}}""", null)]
    [InlineData("pi", """{"type":"agent_end","messages":[]}""", "— turn finished")]
    [InlineData("gemini", """{"type":"init","timestamp":"2026-12-04T20:34:54.935Z","session_id":"9efb16bd-6640-4fcd-b428-ec1bf0bc04ac","model":"auto"}""", "— conversation 9efb16bd-6640-4fcd-b428-ec1bf0bc04ac")]
    [InlineData("gemini", """{"type":"message","timestamp":"2026-12-04T20:34:54.940Z","role":"user","content":"first prompt ALPHA"}""", null)]
    [InlineData("gemini", """{"type":"message","timestamp":"2026-12-04T20:34:55.470Z","role":"assistant","content":"Fixed it.","delta":true}""", "Fixed it.")]
    [InlineData("gemini", """{"type":"tool_use","timestamp":"2026-12-04T20:35:00.000Z","tool_name":"run_shell_command","tool_id":"t1","parameters":{"command":"npm test"}}""", "$ run_shell_command npm test")]
    [InlineData("gemini", """{"type":"result","timestamp":"2026-12-04T20:34:55.478Z","status":"success","stats":{}}""", "— turn finished")]
    [InlineData("gemini", """{"type":"result","timestamp":"2026-12-04T20:34:55.478Z","status":"error","error":{"type":"unknown","message":"[API Error: fake error 500]"},"stats":{}}""", "error: [API Error: fake error 500]")]
    [InlineData("qwen", """{"type":"system","subtype":"init","uuid":"1111","session_id":"11111111-1111-4111-8111-111111111111","tools":[]}""", "— conversation 11111111-1111-4111-8111-111111111111")]
    [InlineData("qwen", """{"type":"assistant","session_id":"x","message":{"role":"assistant","content":[{"type":"text","text":"OK"}]}}""", "OK")]
    [InlineData("qwen", """{"type":"assistant","session_id":"x","message":{"role":"assistant","content":[{"type":"text","text":"[API Error: 500 fake error 500]"}]}}""", "error: [API Error: 500 fake error 500]")]
    [InlineData("qwen", """{"type":"result","subtype":"error_during_execution","session_id":"x","is_error":true,"error":{"message":"[API Error: 500 fake error 500]"}}""", "error: [API Error: 500 fake error 500]")]
    [InlineData("copilot", """{"type":"assistant.message_delta","data":{"messageId":"m","deltaContent":"OK"},"ephemeral":true}""", null)]
    [InlineData("copilot", """{"type":"assistant.message","data":{"messageId":"m","content":"OK","toolRequests":[]}}""", "OK")]
    [InlineData("copilot", """{"type":"session.error","data":{"errorType":"query","message":"400 bad request","statusCode":400}}""", "error: 400 bad request")]
    [InlineData("copilot", """{"type":"result","timestamp":"2026-12-04T21:18:33.834Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000040","exitCode":0}""", "— run finished (conversation c0c0c0c0-0000-4000-8000-000000000040)")]
    public void An_event_reads_as_what_the_agent_said_or_did(string agent, string raw, string? shown) =>
        Line(agent, raw).ShouldBe(shown);

    [Fact]
    public void Lines_that_are_not_events_are_shown_as_printed_without_their_escapes_and_the_done_marker_never()
    {
        Line("codex", "\u001b[1;31mred alert\u001b[0m plain").ShouldBe("red alert plain");
        Line("codex", "[shepherd] attempt 2: resuming codex session x").ShouldBe("[shepherd] attempt 2: resuming codex session x");
        Transcript.Of("[shepherd] attempt 2: resuming", AgentRegistry.Get("codex"))!.Kind.ShouldBe("note");
        Line("codex", "__TASK_DONE__ succeeded").ShouldBeNull();
        Line("codex", "   ").ShouldBeNull();
        Line("codex", "{not json").ShouldBe("{not json");
    }

    [Fact]
    public void An_agent_message_with_escapes_in_its_text_is_shown_without_them()
    {
        Line("codex", """{"type":"item.completed","item":{"type":"agent_message","text":"\u001b]0;title\u0007hello \u001b[32mgreen\u001b[0m"}}""")
            .ShouldBe("hello green");
    }

    [Fact]
    public void A_custom_agent_without_events_shows_every_line_as_printed()
    {
        var custom = new CustomAdapter(new CustomAgent("mine", "x", ["run", "-"], ["run", "{session_id}", "-"], PromptDelivery.Stdin, "json:id"));
        Transcript.Of("""{"type":"turn.started"}""", custom)!.ToString().ShouldBe("""{"type":"turn.started"}""");
    }

    [Fact]
    public void Latest_is_the_last_thing_the_agent_said_or_did_as_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("shepherd-transcript-");
        try
        {
            var log = Path.Combine(dir.FullName, "output.log");
            File.WriteAllLines(log, [
                """{"type":"item.completed","item":{"type":"agent_message","text":"Plan:\n1. read\n2. fix"}}""",
                """{"type":"turn.completed","usage":{}}""",
                "[shepherd] attempt 1 ended: exit 0 → succeeded (exit 0)",
                "__TASK_DONE__ succeeded",
            ]);
            Transcript.Latest(log, AgentRegistry.Get("codex")).ShouldBe("Plan:");
            Transcript.Tail(log, AgentRegistry.Get("codex"), 2).Select(l => l.Kind).ShouldBe(["turn", "note"]);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void A_reply_streamed_in_pieces_reads_as_one_message()
    {
        var dir = Directory.CreateTempSubdirectory("shepherd-transcript-");
        try
        {
            var log = Path.Combine(dir.FullName, "output.log");
            string Piece(string text) => $$"""{"type":"message","timestamp":"2026-12-04T20:34:55.470Z","role":"assistant","content":"{{text}}","delta":true}""";
            File.WriteAllLines(log, [
                """{"type":"init","timestamp":"2026-12-04T20:34:54.935Z","session_id":"9efb16bd-6640-4fcd-b428-ec1bf0bc04ac","model":"auto"}""",
                Piece("I fixed"), Piece(" the parser"), Piece(".\\nAll tests pass"), Piece("."),
                """{"type":"result","timestamp":"2026-12-04T20:34:55.478Z","status":"success","stats":{}}""",
            ]);
            var gemini = AgentRegistry.Get("gemini");
            Transcript.Latest(log, gemini).ShouldBe("I fixed the parser.");
            Transcript.Tail(log, gemini, 2).Select(l => l.ToString()).ShouldBe(["I fixed the parser.\nAll tests pass.", "— turn finished"]);
            Shepherd.Runner.HandoffPrompt.LastMessages(log, gemini).ShouldBe(["I fixed the parser.\nAll tests pass."]); // what a handoff carries
        }
        finally { dir.Delete(true); }
    }
}
