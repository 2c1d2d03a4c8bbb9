// vscsi.h - Storport virtual miniport: "sink" disks for the Kauri test
//           rig (reads return a fill pattern, writes are counted and dropped)
//
// Copyright (c) 2022 Kauri Test Systems Ltd.

#pragma once

extern "C" {
#include <ntifs.h>
#include <storport.h>
}

#define VS_TAG                  'iSsV'
#define VS_MAX_LUNS             4
#define VS_SECTOR_SIZE          512
#define VS_LUN_SECTORS          (2ULL * 1024 * 1024)        // 1 GiB each
#define VS_MAX_TRANSFER         (256 * 1024)
#define VS_FILL_BYTES           VS_MAX_TRANSFER

#define VS_DBG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vscsi: " _fmt "\n", __VA_ARGS__)

namespace Kauri {

struct LUN_STATE {
    BOOLEAN     bPresent;
    ULONGLONG   ullSectors;
    ULONG       ulReads;
    ULONG       ulWrites;
};

struct ADAPTER_EXTENSION {
    LUN_STATE*  pLuns;              // VS_MAX_LUNS entries, StorPortAllocatePool
    PUCHAR      pucFill;            // VS_FILL_BYTES pattern for reads
    ULONG       ulLunCount;
};

class CAdapter
{
public:
    static ULONG   FindAdapter(_In_ PVOID pvExt, _In_ PVOID pvHwContext, _In_ PVOID pvBusInfo,
                               _In_ PVOID pvLowerDevice, _In_ PCHAR pszArgs,
                               _Inout_ PPORT_CONFIGURATION_INFORMATION pConfig, _In_ PBOOLEAN pbAgain);
    static BOOLEAN Initialize(_In_ PVOID pvExt);
    static BOOLEAN StartIo(_In_ PVOID pvExt, _In_ PSCSI_REQUEST_BLOCK pSrb);
    static BOOLEAN ResetBus(_In_ PVOID pvExt, _In_ ULONG ulPathId);
    static SCSI_ADAPTER_CONTROL_STATUS AdapterControl(_In_ PVOID pvExt, _In_ SCSI_ADAPTER_CONTROL_TYPE eType,
                                                      _In_ PVOID pvParams);
    static VOID    FreeAdapterResources(_In_ PVOID pvExt);

private:
    static UCHAR   ExecuteScsi(_In_ ADAPTER_EXTENSION* pExt, _In_ PSCSI_REQUEST_BLOCK pSrb);
    static UCHAR   DoInquiry(_In_ PSCSI_REQUEST_BLOCK pSrb);
    static UCHAR   DoReadCapacity(_In_ LUN_STATE* pLun, _In_ PSCSI_REQUEST_BLOCK pSrb);
    static UCHAR   DoReadWrite(_In_ ADAPTER_EXTENSION* pExt, _In_ LUN_STATE* pLun, _In_ PSCSI_REQUEST_BLOCK pSrb);
};

//
// Frees a StorPortAllocatePool block unless ownership was handed over.
//
class CStorPoolGuard
{
public:
    CStorPoolGuard(PVOID pvExt, PVOID pvBlock) : m_pvExt(pvExt), m_pvBlock(pvBlock) {}
    ~CStorPoolGuard() { if (m_pvBlock != nullptr) { StorPortFreePool(m_pvExt, m_pvBlock); } }
    void Release() { m_pvBlock = nullptr; }
private:
    PVOID m_pvExt;
    PVOID m_pvBlock;
};

} // namespace Kauri

extern "C" DRIVER_INITIALIZE DriverEntry;
