//
// ramvol.h - legacy RAM disk (\Device\RamVol0) that also keeps an eye on
// volume arrivals and prints its statistics at shutdown.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntdddisk.h>
}

#define RV_TAG          'loVR'
#define RV_IMAGE_BYTES  (16ull * 1024 * 1024)
#define RV_SECTOR       512u

#define RV_LOG(fmt, ...)    KdPrint(("ramvol: " fmt "\n", __VA_ARGS__))

namespace ramvol {

struct DiskExtension {
    PMDL            Mdl;        // pages from MmAllocatePagesForMdlEx
    PUCHAR          Va;         // kernel mapping of Mdl
    SIZE_T          Size;
    DISK_GEOMETRY   Geometry;
    volatile LONG   Reads;
    volatile LONG   Writes;
};

class Image {
public:
    static NTSTATUS Allocate(DiskExtension* ext, SIZE_T bytes);
    static void     Free(DiskExtension* ext);
};

class Volumes {
public:
    static void Initialize();
    static void Clear();
    static ULONG Seen();
    static DRIVER_NOTIFICATION_CALLBACK_ROUTINE OnChange;
private:
    struct Entry {
        LIST_ENTRY  Link;
        USHORT      Length;
        WCHAR       Name[1];
    };
    static FAST_MUTEX s_Lock;
    static LIST_ENTRY s_List;
    static ULONG      s_Seen;
};

} // namespace ramvol
