#pragma once
// ramstor - Storport virtual miniport exposing one RAM-backed LUN.

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define RS_TAG           'tSmR'
#define RS_DISK_BYTES    (16ULL * 1024 * 1024)
#define RS_SECTOR        512
#define RS_MAX_TARGETS   1
#define RS_MAX_LUNS      1
#define RS_MAX_XFER      (64 * 1024)

#define RS_DBG(fmt, ...) StorPortDebugPrint(0, "ramstor: " fmt "\n", __VA_ARGS__)

namespace ramstor {

struct LunInfo {
    BOOLEAN Present;
    ULONG   BlockCount;
    UCHAR   Serial[16];
};

struct HwExt {
    LunInfo*  Luns;         // RS_MAX_LUNS entries
    PUCHAR    Image;        // RS_DISK_BYTES
    ULONG     Generation;
    BOOLEAN   Ready;
};

class Miniport {
public:
    static ULONG   FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PVOID LowerDevice, PCHAR ArgumentString,
                               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
    static BOOLEAN Initialize(PVOID DeviceExtension);
    static BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
    static BOOLEAN ResetBus(PVOID DeviceExtension, ULONG PathId);
    static SCSI_ADAPTER_CONTROL_STATUS AdapterControl(PVOID DeviceExtension,
                               SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters);
    static VOID    FreeAdapterResources(PVOID DeviceExtension);

private:
    static UCHAR   ExecuteScsi(HwExt* ext, PSCSI_REQUEST_BLOCK Srb);
};

} // namespace ramstor
