/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of TraceLogging (TraceLoggingProvider.h, kernel and
 * user mode), from Microsoft's documented API. The kit's header builds each
 * event at compile time out of nested macros; here the provider is an opaque
 * handle, registration and writing are plain calls, and each field macro
 * stands for the value it logs, so what an event reads (a status it logs,
 * for instance) stays visible to the analysis. */
#ifndef ENTRYCHECK_TRACELOGGINGPROVIDER_H
#define ENTRYCHECK_TRACELOGGINGPROVIDER_H

#ifdef __cplusplus
extern "C" {
#endif

typedef const struct _TlgProvider_t *TraceLoggingHProvider;

#define TRACELOGGING_DECLARE_PROVIDER(handleVariable) \
    extern const TraceLoggingHProvider handleVariable
/* (providerName, (g0, g1, ..., g10), options...): the id and options are
 * only metadata. */
#define TRACELOGGING_DEFINE_PROVIDER(handleVariable, providerName, providerId, ...) \
    const TraceLoggingHProvider handleVariable = (TraceLoggingHProvider)0

/* TLG_STATUS: NTSTATUS in kernel mode, HRESULT in user mode (a long either
 * way), as the registration's page documents its result. */
#ifndef TLG_STATUS
#if defined(_WDMDDK_) || defined(_NTDDK_)
#define TLG_STATUS NTSTATUS
#else
#define TLG_STATUS long
#endif
#endif
TLG_STATUS TraceLoggingRegister(TraceLoggingHProvider hProvider);
TLG_STATUS TraceLoggingRegisterEx(TraceLoggingHProvider hProvider, void *EnableCallback,
                                  void *CallbackContext);
void TraceLoggingUnregister(TraceLoggingHProvider hProvider);
unsigned char TraceLoggingProviderEnabled(TraceLoggingHProvider hProvider, unsigned char eventLevel,
                                          unsigned long long eventKeyword);
void TraceLoggingWrite(TraceLoggingHProvider hProvider, const char *eventName, ...);
void TraceLoggingWriteActivity(TraceLoggingHProvider hProvider, const char *eventName,
                               const void *pActivityId, const void *pRelatedActivityId, ...);

/* Event options. */
#define TraceLoggingLevel(eventLevel) (eventLevel)
#define TraceLoggingKeyword(eventKeyword) (eventKeyword)
#define TraceLoggingOpcode(eventOpcode) (eventOpcode)
#define TraceLoggingChannel(eventChannel) (eventChannel)
#define TraceLoggingEventTag(eventTag) (eventTag)
#define TraceLoggingDescription(description) 0
#define TraceLoggingOptionGroup(g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10) 0

/* Fields: (value[, name[, description[, tags]]]) stands for the value. */
#define TraceLoggingValue(value, ...) (value)
#define TraceLoggingNTStatus(value, ...) (value)
#define TraceLoggingHResult(value, ...) (value)
#define TraceLoggingWinError(value, ...) (value)
#define TraceLoggingBoolean(value, ...) (value)
#define TraceLoggingBool(value, ...) (value)
#define TraceLoggingInt8(value, ...) (value)
#define TraceLoggingUInt8(value, ...) (value)
#define TraceLoggingInt16(value, ...) (value)
#define TraceLoggingUInt16(value, ...) (value)
#define TraceLoggingInt32(value, ...) (value)
#define TraceLoggingUInt32(value, ...) (value)
#define TraceLoggingInt64(value, ...) (value)
#define TraceLoggingUInt64(value, ...) (value)
#define TraceLoggingHexInt32(value, ...) (value)
#define TraceLoggingHexUInt32(value, ...) (value)
#define TraceLoggingHexInt64(value, ...) (value)
#define TraceLoggingHexUInt64(value, ...) (value)
#define TraceLoggingPointer(value, ...) (value)
#define TraceLoggingGuid(value, ...) (value)
#define TraceLoggingString(value, ...) (value)
#define TraceLoggingWideString(value, ...) (value)
#define TraceLoggingUnicodeString(pValue, ...) (pValue)
#define TraceLoggingCountedString(pValue, cchValue, ...) (pValue)
#define TraceLoggingCountedWideString(pValue, cchValue, ...) (pValue)
#define TraceLoggingBinary(pValue, cbValue, ...) (pValue)

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_TRACELOGGINGPROVIDER_H */
