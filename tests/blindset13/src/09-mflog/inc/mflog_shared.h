/*
 * mflog_shared.h - message layout on the MfLog communication port.
 */
#pragma once

#define MFLOG_PORT_NAME L"\\MfLogPort"
#define MFLOG_MAX_NAME  260

typedef struct _MFLOG_MESSAGE {
    unsigned long  ProcessId;
    unsigned long  Disposition;     /* FILE_OPEN, FILE_CREATE, ... */
    unsigned long  VolumeSerial;
    unsigned short NameLength;      /* in bytes */
    wchar_t        Name[MFLOG_MAX_NAME];
} MFLOG_MESSAGE;
