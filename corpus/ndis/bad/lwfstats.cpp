/*
 * lwfstats.cpp - NDIS 6 monitoring filter that keeps driver-wide receive
 * statistics in a block a static member function allocates once the filter
 * driver is registered (the block is tagged with the driver handle).
 *
 * Violating: when the block cannot be allocated, DriverEntry deregisters
 * the filter driver and returns 'status', which still holds the
 * registration's success: the driver stays loaded with nothing registered.
 */
#include <ndis.h>

#define LST_TAG 'tsLf'

namespace lwf {

struct STATS_BLOCK {
    LONG64 Frames;
    LONG64 Bytes;
};

class Stats {
public:
    static bool Allocate(NDIS_HANDLE DriverHandle);
    static void Free();

private:
    static STATS_BLOCK *s_Block;
};

STATS_BLOCK *Stats::s_Block = nullptr;

bool Stats::Allocate(NDIS_HANDLE DriverHandle)
{
    s_Block = static_cast<STATS_BLOCK *>(
        NdisAllocateMemoryWithTagPriority(DriverHandle, sizeof(STATS_BLOCK), LST_TAG, NormalPoolPriority));
    if (s_Block == nullptr) {
        return false;
    }
    NdisZeroMemory(s_Block, sizeof(STATS_BLOCK));
    return true;
}

void Stats::Free()
{
    if (s_Block != nullptr) {
        NdisFreeMemory(s_Block, 0, 0);
        s_Block = nullptr;
    }
}

} // namespace lwf

static NDIS_HANDLE LstDriverHandle;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LstUnload;
FILTER_ATTACH LstAttach;
FILTER_DETACH LstDetach;
FILTER_RESTART LstRestart;
FILTER_PAUSE LstPause;

_Use_decl_annotations_
NDIS_STATUS LstAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                      PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);
    NDIS_FILTER_ATTRIBUTES attributes;
    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    return NdisFSetAttributes(NdisFilterHandle, NdisFilterHandle, &attributes);
}

_Use_decl_annotations_
VOID LstDetach(NDIS_HANDLE FilterModuleContext)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
}

_Use_decl_annotations_
NDIS_STATUS LstRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS LstPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID LstUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(LstDriverHandle);
    lwf::Stats::Free();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: ndis-filter
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(L"LwfStats Filter");
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(L"{6A1F0C3E-2B7D-4E58-9C41-3D8E5F27A0B6}");
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(L"LwfStats");
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion = 6;
    fChars.MinorNdisVersion = 30;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName = uniqueName;
    fChars.ServiceName = serviceName;
    fChars.AttachHandler = LstAttach;
    fChars.DetachHandler = LstDetach;
    fChars.RestartHandler = LstRestart;
    fChars.PauseHandler = LstPause;

    DriverObject->DriverUnload = LstUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fChars, &LstDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    if (!lwf::Stats::Allocate(LstDriverHandle)) {
        NdisFDeregisterFilterDriver(LstDriverHandle);
        return status;  // expect: DE010
    }
    return status;
}
