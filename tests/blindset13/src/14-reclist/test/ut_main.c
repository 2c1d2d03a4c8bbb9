/*
 * ut_main.c - user-mode harness for reclist's init/teardown logic.
 *
 *   cl /DRECLIST_USERMODE_TEST ut_main.c ..\driver\reclist.c ..\driver\records.c ..\driver\devices.c
 *
 * Runs DriverEntry once per injected failure point and checks that every
 * device and link created along the way was removed again.
 */
#ifdef RECLIST_USERMODE_TEST

#include "../driver/reclist.h"

static int g_FailDeviceAt = -1;     /* n-th IoCreateDevice call fails */
static int g_FailLinkAt = -1;       /* n-th IoCreateSymbolicLink call fails */
static int g_DeviceCalls, g_LinkCalls;
static int g_LiveDevices, g_LiveLinks;

NTSTATUS IoCreateDevice(PDRIVER_OBJECT d, ULONG extSize, PUNICODE_STRING name, ULONG type,
                        ULONG chars, BOOLEAN excl, PDEVICE_OBJECT *out)
{
    PDEVICE_OBJECT dev;
    (void)d; (void)name; (void)type; (void)chars; (void)excl;
    if (g_DeviceCalls++ == g_FailDeviceAt) {
        return STATUS_OBJECT_NAME_COLLISION;
    }
    dev = calloc(1, sizeof(*dev) + extSize);
    dev->DeviceExtension = dev + 1;
    g_LiveDevices++;
    *out = dev;
    return STATUS_SUCCESS;
}

void IoDeleteDevice(PDEVICE_OBJECT dev)
{
    g_LiveDevices--;
    free(dev);
}

NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING link, PUNICODE_STRING target)
{
    (void)link; (void)target;
    if (g_LinkCalls++ == g_FailLinkAt) {
        return STATUS_OBJECT_NAME_COLLISION;
    }
    g_LiveLinks++;
    return STATUS_SUCCESS;
}

NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING link)
{
    (void)link;
    g_LiveLinks--;
    return STATUS_SUCCESS;
}

NTSTATUS RtlQueryRegistryValues(ULONG rel, PCWSTR path, RTL_QUERY_REGISTRY_TABLE *t, PVOID c, PVOID e)
{
    (void)rel; (void)path; (void)t; (void)c; (void)e;
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP irp) { (void)irp; return NULL; }
void IoCompleteRequest(PIRP irp, int boost) { (void)irp; (void)boost; }

static int run_case(int failDevice, int failLink)
{
    DRIVER_OBJECT drv;
    UNICODE_STRING path;
    NTSTATUS status;
    int ok;

    memset(&drv, 0, sizeof(drv));
    RtlInitUnicodeString(&path, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\reclist");
    g_FailDeviceAt = failDevice;
    g_FailLinkAt = failLink;
    g_DeviceCalls = g_LinkCalls = 0;

    status = DriverEntry(&drv, &path);
    if (NT_SUCCESS(status)) {
        drv.DriverUnload(&drv);
    }
    ok = g_LiveDevices == 0 && g_LiveLinks == 0;
    printf("fail dev@%d link@%d -> 0x%08lx, leftover dev %d link %d: %s\n",
           failDevice, failLink, (unsigned long)status, g_LiveDevices, g_LiveLinks, ok ? "ok" : "LEFTOVER");
    return ok;
}

int main(void)
{
    int pass = 1;

    pass &= run_case(-1, -1);
    pass &= run_case(0, -1);
    pass &= run_case(1, -1);
    pass &= run_case(-1, 0);
    pass &= run_case(-1, 1);
    return pass ? 0 : 1;
}

#endif /* RECLIST_USERMODE_TEST */
