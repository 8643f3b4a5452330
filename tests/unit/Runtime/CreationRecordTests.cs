using Ocirt.Runtime.State;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>The record delete --force reads after a killed create: what it wrote is what it reads back.</summary>
public class CreationRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocirt-creating-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("/sys/fs/cgroup/a", true, 0, 0UL)]
    [InlineData("/sys/fs/cgroup/with space/b", false, 4242, 987654321UL)]
    [InlineData(null, false, 17, 5UL)]
    public void RoundTrips(string? cgroup, bool created, int pid, ulong start)
    {
        var record = new CreationRecord(cgroup, created, pid, start);
        record.Save(_dir);
        Assert.Equal(record, CreationRecord.Read(_dir));
    }

    [Fact]
    public void NoRecordIsNull() => Assert.Null(CreationRecord.Read(_dir));

    [Fact]
    public void ALaterSaveReplacesTheEarlierOne()
    {
        new CreationRecord("/sys/fs/cgroup/c", true).Save(_dir);
        new CreationRecord("/sys/fs/cgroup/c", true, 99, 7).Save(_dir);
        Assert.Equal(new CreationRecord("/sys/fs/cgroup/c", true, 99, 7), CreationRecord.Read(_dir));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void GarbageIsIgnoredLineByLine()
    {
        File.WriteAllText(Path.Combine(_dir, CreationRecord.FileName), "junk\ninit notanumber 3\ncgroup /x\n");
        Assert.Equal(new CreationRecord("/x", false), CreationRecord.Read(_dir));
    }
}
