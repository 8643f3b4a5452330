namespace Ocirt.Runtime; internal static class Placeholder {}
