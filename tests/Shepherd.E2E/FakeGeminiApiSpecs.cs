using System.Net;
using System.Text;
using System.Text.Json;
using Shepherd.FakeModel;

namespace Shepherd.E2E;

/// <summary>The fake model server's Gemini API, as Gemini CLI uses it (no CLI here: plain HTTP).</summary>
public sealed class FakeGeminiApiSpecs
{
    private const string Turn = """
        {"contents":[{"role":"user","parts":[{"text":"<session_context>…</session_context>"},{"text":"killed prompt MARK"}]},
          {"role":"model","parts":[{"text":"OK"},{"functionCall":{"name":"ls","args":{}}}]},
          {"role":"user","parts":[{"functionResponse":{"id":"c1","name":"ls","response":{"output":"a.txt"}}},{"text":"thinking","thought":true},{"text":"Continue the previous task."}]}],
         "generationConfig":{"temperature":1}}
        """;

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Post(FakeModelServer server, string path, string body)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(server.BaseUrl + path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task A_turn_streams_one_sse_chunk_and_the_log_has_its_user_texts_and_tool_results()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.WhenPromptContains("Continue", ReplyBehavior.Reply("Resumed."));
        var (status, body, response) = await Post(server, "/v1beta/models/gemini-x:streamGenerateContent?alt=sse", Turn);
        status.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        body.ShouldStartWith("data: ");
        using var chunk = JsonDocument.Parse(body["data: ".Length..].Trim());
        var candidate = chunk.RootElement.GetProperty("candidates")[0];
        candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString().ShouldBe("Resumed.");
        candidate.GetProperty("finishReason").GetString().ShouldBe("STOP");
        chunk.RootElement.GetProperty("usageMetadata").GetProperty("totalTokenCount").GetInt32().ShouldBeGreaterThan(0);

        var r = server.Requests.ShouldHaveSingleItem();
        (r.Kind, r.Model, r.Stream, r.IsModelCall).ShouldBe((ApiKind.Gemini, "gemini-x", true, true));
        r.UserTexts.ShouldBe(["<session_context>…</session_context>", "killed prompt MARK", "Continue the previous task."]);
        r.LastToolResult.ShouldBe(new ToolResult("c1", "a.txt", false));
    }

    [Fact]
    public async Task A_side_call_gets_a_json_object_that_satisfies_its_schema_whatever_the_rules_say()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.WhenAny(ReplyBehavior.Slow(TimeSpan.FromMinutes(10)));
        const string routing = """
            {"contents":[{"role":"user","parts":[{"text":"MARK"}]}],"generationConfig":{"responseMimeType":"application/json",
             "responseJsonSchema":{"type":"OBJECT","properties":{"reasoning":{"type":"STRING"},"model_choice":{"type":"STRING","enum":["flash","pro"]},
             "score":{"type":"INTEGER","minimum":1},"extra":{"type":"BOOLEAN"}},"required":["reasoning","model_choice","score"]}}}
            """;
        var (status, body, _) = await Post(server, "/v1beta/models/gemini-lite:generateContent", routing);
        status.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(body);
        var text = doc.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()!;
        using var answer = JsonDocument.Parse(text);
        answer.RootElement.GetProperty("model_choice").GetString().ShouldBe("flash");
        answer.RootElement.GetProperty("score").GetDouble().ShouldBe(1);
        answer.RootElement.GetProperty("reasoning").ValueKind.ShouldBe(JsonValueKind.String);
        answer.RootElement.TryGetProperty("extra", out _).ShouldBeFalse();
        var r = server.Requests.ShouldHaveSingleItem();
        (r.Kind, r.IsModelCall, r.LastUserText).ShouldBe((ApiKind.GeminiSide, false, "MARK"));

        var (_, plain, _) = await Post(server, "/v1beta/models/gemini-lite:generateContent", """{"contents":[{"role":"user","parts":[{"text":"Summarize"}]}]}""");
        plain.ShouldContain("\"text\":\"OK\"");
        var (_, count, _) = await Post(server, "/v1beta/models/gemini-x:countTokens", Turn);
        JsonDocument.Parse(count).RootElement.GetProperty("totalTokens").GetInt32().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(500, "INTERNAL")]
    [InlineData(400, "INVALID_ARGUMENT")]
    public async Task A_fault_is_an_api_shaped_error_body(int code, string rpcStatus)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.WhenPromptContains("Continue", code == 429 ? ReplyBehavior.RateLimited(TimeSpan.FromSeconds(3)) : ReplyBehavior.HttpError(code, "nope"));
        var (status, body, response) = await Post(server, "/v1beta/models/gemini-x:streamGenerateContent?alt=sse", Turn);
        ((int)status).ShouldBe(code);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        error.GetProperty("code").GetInt32().ShouldBe(code);
        error.GetProperty("status").GetString().ShouldBe(rpcStatus);
        if (code == 429) response.Headers.GetValues("retry-after").ShouldBe(["3"]);
    }
}
