/*
 * imgnotify - logs image loads (PsSetLoadImageNotifyRoutine) into a short
 * history that \\.\ImgNotify hands out.  KMDF non-PnP.
 *
 * v0.3: moved from the old WDM build to KMDF, kept the hand made global link
 *       so the old tool still finds \GLOBAL??\ImgNotify.
 */
#pragma once

#include <ntifs.h>
#include <wdf.h>
#include <wdmsec.h>

#define IMG_TAG             'gmIN'
#define IMG_HISTORY         256
#define IMG_NAME_CHARS      120

#define IMG_DEVICE_NAME     L"\\Device\\ImgNotify"
#define IMG_LINK_NAME       L"\\GLOBAL??\\ImgNotify"

#define IOCTL_IMG_READ      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

#define ILOG(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "imgnotify: " fmt "\n", __VA_ARGS__)
#define IERR(fmt, ...)      ILOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define IINF(fmt, ...)      ILOG(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)

typedef struct _IMG_RECORD {
    ULONG64 ProcessId;
    ULONG64 ImageBase;
    ULONG64 ImageSize;
    ULONG   SystemImage;
    WCHAR   Name[IMG_NAME_CHARS];
} IMG_RECORD, *PIMG_RECORD;

typedef struct _IMG_ENTRY {
    LIST_ENTRY Link;
    IMG_RECORD Rec;
} IMG_ENTRY, *PIMG_ENTRY;

typedef struct _IMG_GLOBALS {
    LOOKASIDE_LIST_EX Lookaside;
    KSPIN_LOCK        Lock;
    LIST_ENTRY        History;
    ULONG             Count;
    WDFDEVICE         Control;
    UNICODE_STRING    LinkName;
    BOOLEAN           LinkCreated;
} IMG_GLOBALS;

extern IMG_GLOBALS g_Img;

/* device.c */
NTSTATUS ImgCreateControlDevice(_In_ WDFDRIVER Driver);

/* notify.c */
VOID     ImgLoadNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
VOID     ImgFlushHistory(VOID);
ULONG    ImgCopyHistory(_Out_writes_(Max) PIMG_RECORD Out, _In_ ULONG Max);
