namespace Shepherd.FakeModel;

/// <summary>A tool's result as the client sent it back to the model: Anthropic <c>tool_result</c> block, Chat
/// <c>role: "tool"</c> message or Responses <c>function_call_output</c> item.</summary>
public sealed record ToolResult(string CallId, string Text, bool IsError);
