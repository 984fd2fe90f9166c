namespace Shepherd.McpServer;

/// <summary>An argument of the wrong type or out of range: the call becomes a tool error with this message.</summary>
internal sealed class ToolInputException(string message) : Exception(message);
