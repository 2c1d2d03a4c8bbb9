/*
 * lwftimer.c - NDIS 6 lightweight filter that samples its counters from a
 * periodic NDIS timer object allocated and set in DriverEntry. The unload
 * routine deregisters the filter, then cancels and frees the timer.
 * FilterAttach gives NDIS its module context with NdisFSetAttributes.
 * Conforming: no DE006, no DE011, no NDIS006.
 */

#include <ndis.h>

#define LT_TAG 'miTL'

static NDIS_HANDLE LtDriverHandle;
static NDIS_HANDLE LtTimer;
static volatile LONG LtTicks;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LtUnload;
FILTER_ATTACH LtAttach;
FILTER_DETACH LtDetach;
FILTER_RESTART LtRestart;
FILTER_PAUSE LtPause;
NDIS_TIMER_FUNCTION LtTick;

VOID LtTick(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    InterlockedIncrement(&LtTicks);
}

NDIS_STATUS LtAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                     PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES attributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    /* One module context for every binding: the counters are global. */
    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Flags = 0;
    return NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)&LtTicks, &attributes);
}

VOID LtDetach(NDIS_HANDLE FilterModuleContext)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
}

NDIS_STATUS LtRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LtPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

VOID LtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(LtDriverHandle);
    NdisCancelTimerObject(LtTimer);
    NdisFreeTimerObject(LtTimer);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: ndis-filter
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS chars;
    NDIS_TIMER_CHARACTERISTICS timer;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(L"Timer Filter");
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(L"{0C4D2E6A-5B1F-4E3A-9D7C-1A2B3C4D5E6F}");
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(L"LwfTimer");
    LARGE_INTEGER due;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = 6;
    chars.MinorNdisVersion = 30;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;
    chars.FriendlyName = friendlyName;
    chars.UniqueName = uniqueName;
    chars.ServiceName = serviceName;
    chars.AttachHandler = LtAttach;
    chars.DetachHandler = LtDetach;
    chars.RestartHandler = LtRestart;
    chars.PauseHandler = LtPause;

    DriverObject->DriverUnload = LtUnload;
    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &chars, &LtDriverHandle);
    if (status != NDIS_STATUS_SUCCESS)
        return status;

    NdisZeroMemory(&timer, sizeof(timer));
    timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timer.AllocationTag = LT_TAG;
    timer.TimerFunction = LtTick;
    timer.FunctionContext = NULL;
    status = NdisAllocateTimerObject(LtDriverHandle, &timer, &LtTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(LtDriverHandle);
        return status;
    }
    due.QuadPart = -10LL * 1000 * 1000;
    NdisSetTimerObject(LtTimer, due, 1000, NULL);
    return STATUS_SUCCESS;
}
