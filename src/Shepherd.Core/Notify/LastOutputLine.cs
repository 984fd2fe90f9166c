using Shepherd.Agents;

namespace Shepherd.Notify;

/// <summary>The line of the agent's output a notification carries: <see cref="Transcript.Latest"/>, as <c>list</c> shows
/// it, read when the notification is sent.</summary>
public static class LastOutputLine
{
    private const int Max = 300;

    public static string? Of(Store.ShepherdHome home, string taskName, string agent)
    {
        try
        {
            return Transcript.Latest(home.LogFile(taskName), Transcript.ReaderFor(home, taskName, agent)) is { } line
                ? Tasks.Printable.Escape(line, Max) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
