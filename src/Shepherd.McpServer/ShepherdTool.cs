using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Shepherd.Tasks;

namespace Shepherd.McpServer;

/// <summary>One MCP tool: a name, a description for the model, a hand-written JSON schema (no reflection, so it
/// stays NativeAOT-safe), and a call that runs the <c>shepherd</c> CLI. Bad input and a failing command are tool
/// errors carrying the CLI's one-line message; nothing a caller sends ends the server.</summary>
internal abstract class ShepherdTool : McpServerTool
{
    private readonly HashSet<string> _parameters;

    protected ShepherdTool(string name, string description, string inputSchema, ToolAnnotations annotations)
    {
        var schema = JsonDocument.Parse(inputSchema).RootElement.Clone();
        _parameters = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        ProtocolTool = new Tool { Name = name, Description = description, InputSchema = schema, Annotations = annotations };
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    protected abstract Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct);

    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CallAsync(new ToolArguments(request.Params?.Arguments, _parameters), request, cancellationToken);
        }
        catch (ToolInputException e) { return Error(e.Message); }
        catch (UsageException e) { return Error(CliMessage(e.Message)); }
        catch (Exception e) when (e is IOException or Win32Exception or InvalidOperationException)
        {
            return Error($"shepherd mcp: could not run shepherd: {e.Message}");
        }
    }

    /// <summary>A task name checked here the way every command checks it (same function, same message), so that
    /// it can never be read as an option or a response file by the CLI's parser.</summary>
    protected static string TaskNameArgument(ToolArguments args) => TaskName.Validate(args.RequiredString("name"));

    /// <summary>The CLI's stdout on exit 0, its one-line error otherwise.</summary>
    protected static CallToolResult FromCli(CliOutcome outcome) =>
        outcome.ExitCode == 0 ? Text(outcome.Stdout.TrimEnd()) : Error(outcome.ErrorLine());

    protected static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    protected static CallToolResult Error(string message) => new() { Content = [new TextContentBlock { Text = message }], IsError = true };

    /// <summary>The line the CLI prints for a usage error (Program.cs).</summary>
    private static string CliMessage(string message) => $"shepherd: {Printable.Escape(message.ReplaceLineEndings(" "), 400)}";
}
