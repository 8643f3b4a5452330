using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.hugepageLimits[] → hugetlb.&lt;size&gt;.max, and .rsvd.max where the kernel has it (runc).</summary>
public static class HugetlbMapping
{
    public static IEnumerable<CgroupWrite> Map(List<LinuxHugepageLimit>? limits)
    {
        for (int i = 0; i < (limits?.Count ?? 0); i++)
        {
            var l = limits![i];
            string field = $"linux.resources.hugepageLimits[{i}]";
            if (string.IsNullOrEmpty(l.PageSize) || l.PageSize.Contains('/') || l.PageSize.Contains(".."))
                throw new ResourceException(field + ".pageSize", $"invalid page size \"{l.PageSize}\"");
            string value = CgroupValue.Num(l.Limit);
            yield return new CgroupWrite("hugetlb", $"hugetlb.{l.PageSize}.max", value, field);
            // Reservations (kernel 5.7+) are limited too, so that a reservation cannot bypass the limit.
            yield return new CgroupWrite("hugetlb", $"hugetlb.{l.PageSize}.rsvd.max", value, field, OptionalIfMissing: true);
        }
    }
}
