//
// vscsi.h - virtual SCSI adapter (storport virtual miniport), C++ flavour.
// Each adapter owns one RAM disk per target.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <storport.h>
#include <scsi.h>
}

#define VS_TAG              'iscV'
#define VS_SECTOR           512
#define VS_MAX_TARGETS      8
#define VS_DEFAULT_TARGETS  2
#define VS_DISK_MB          16
#define VS_MAX_XFER         (256 * 1024)

#define VS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "vscsi!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

namespace vscsi {

struct Disk {
    PUCHAR  Data;
    ULONG   Sectors;
};

// Storport hands us this as the HW device extension.
struct AdapterExtension {
    ULONG   TargetCount;
    Disk    Disks[VS_MAX_TARGETS];
    BOOLEAN Running;
    LONG    Outstanding;
};

class Config {
public:
    static ULONG Targets();
    static ULONG DiskMb();
    static NTSTATUS Load();

    static PUNICODE_STRING s_RegistryPath;

private:
    static ULONG s_Targets;
    static ULONG s_DiskMb;
};

class Miniport {
public:
    static VIRTUAL_HW_FIND_ADAPTER     FindAdapter;
    static HW_INITIALIZE               Initialize;
    static HW_STARTIO                  StartIo;
    static HW_RESET_BUS                ResetBus;
    static HW_ADAPTER_CONTROL          AdapterControl;
    static HW_FREE_ADAPTER_RESOURCES   FreeResources;
    static HW_PROCESS_SERVICE_REQUEST  ProcessServiceRequest;
    static HW_COMPLETE_SERVICE_IRP     CompleteServiceIrp;

private:
    static UCHAR ExecuteScsi(AdapterExtension* ext, PSCSI_REQUEST_BLOCK Srb);
    static void  FreeDisks(AdapterExtension* ext);
};

} // namespace vscsi
