namespace Ocirt.Spec;

/// <summary>An invalid or unreadable config.json; the message names the field.</summary>
public sealed class SpecException(string message) : Exception(message);
