namespace Shepherd.Tasks;

/// <summary>Bad usage or input: one line for the user, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The operation could not be done (the input was fine): one line, exit code 1.</summary>
public sealed class OperationFailedException(string message) : Exception(message);
