using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary>The SDK's MCP client connected over stdio to <c>shepherd mcp</c> (the binary under test), started with the
/// sandbox's environment plus <paramref name="extraEnv"/> (the fake agent's plan and state dir: a task started through
/// MCP captures the server's environment) in the sandbox's project directory.</summary>
public sealed class McpSession : IAsyncDisposable
{
    private McpSession(McpClient client, ConcurrentQueue<string> stderr)
    {
        Client = client;
        Stderr = stderr;
    }

    public McpClient Client { get; }

    /// <summary>What the server printed on stderr (nothing, normally).</summary>
    public IReadOnlyCollection<string> Stderr { get; }

    public static async Task<McpSession> StartAsync(Sandbox s, IReadOnlyDictionary<string, string?>? extraEnv = null)
    {
        var env = new Dictionary<string, string?>(s.Env);
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string?>()) env[k] = v;
        var stderr = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "shepherd", Command = Repo.ShepherdBin, Arguments = ["mcp"], WorkingDirectory = s.Project,
            EnvironmentVariables = env, StandardErrorLines = stderr.Enqueue,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "shepherd-tests", Version = "1" } },
            cancellationToken: timeout.Token);
        return new McpSession(client, stderr);
    }

    /// <summary>Environment for a session whose tasks run the fake agent with <paramref name="plan"/>, recording its
    /// launches under the sandbox's fake state dir <paramref name="state"/>.</summary>
    public static Dictionary<string, string?> FakeAgent(Sandbox s, string plan, string state) =>
        new() { ["FAKE_AGENT_PLAN"] = plan, ["FAKE_AGENT_STATE"] = s.FakeState(state) };

    /// <summary>Calls a tool; the answer's text and whether it is a tool error.</summary>
    public async Task<ToolAnswer> Call(string tool, IReadOnlyDictionary<string, object?> args, IProgress<ProgressNotificationValue>? progress = null,
        TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var result = await Client.CallToolAsync(tool, args, progress, cancellationToken: cts.Token);
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        return new ToolAnswer(result.IsError == true, text);
    }

    /// <summary>Calls a tool that must succeed and returns its JSON answer.</summary>
    public async Task<JsonElement> Json(string tool, IReadOnlyDictionary<string, object?> args, IProgress<ProgressNotificationValue>? progress = null,
        TimeSpan? timeout = null)
    {
        var answer = await Call(tool, args, progress, timeout);
        answer.IsError.ShouldBeFalse($"{tool} failed: {answer.Text}");
        return JsonDocument.Parse(answer.Text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}

public sealed record ToolAnswer(bool IsError, string Text);

/// <summary>Records progress notifications as they arrive (Progress&lt;T&gt; would post them later, to the pool).</summary>
public sealed class ProgressLog : IProgress<ProgressNotificationValue>
{
    private readonly ConcurrentQueue<ProgressNotificationValue> _values = new();

    public IReadOnlyList<ProgressNotificationValue> Values => _values.ToArray();

    public void Report(ProgressNotificationValue value) => _values.Enqueue(value);
}
