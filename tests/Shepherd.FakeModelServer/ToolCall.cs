namespace Shepherd.FakeModel;

/// <summary>A tool call the fake model makes: Anthropic <c>tool_use</c> block, Chat <c>tool_calls</c> entry, or
/// Responses <c>function_call</c> item, Gemini <c>functionCall</c> part. <paramref name="ArgumentsJson"/> is the arguments object as JSON text.</summary>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);
