<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConnectionTraceView</name>
    <message numerus="yes">
        <source>%n entries, </source>
        <translation>
            <numerusform>%n entry, </numerusform>
            <numerusform>%n entries, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message numerus="yes">
        <source>&amp;Messages (%n warning(s))</source>
        <translation>
            <numerusform>&amp;Messages (%n warning)</numerusform>
            <numerusform>&amp;Messages (%n warnings)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n route(s) applied from %1</source>
        <translation>
            <numerusform>%n route applied from %1</numerusform>
            <numerusform>%n routes applied from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %L2 usage minutes over %Ln connection(s), from the ledger</source>
        <translation>
            <numerusform>%1: %L2 usage minutes over %Ln connection, from the ledger</numerusform>
            <numerusform>%1: %L2 usage minutes over %Ln connections, from the ledger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln live connection(s), %L1 accepted</source>
        <translation>
            <numerusform>%Ln live connection, %L1 accepted</numerusform>
            <numerusform>%Ln live connections, %L1 accepted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoutesModel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoutesPage</name>
    <message numerus="yes">
        <source>%n route(s) in force. Open connections kept their routes.</source>
        <translation>
            <numerusform>%n route in force. Open connections kept their routes.</numerusform>
            <numerusform>%n routes in force. Open connections kept their routes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applying %n route(s)…</source>
        <translation>
            <numerusform>Applying %n route…</numerusform>
            <numerusform>Applying %n routes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n route(s) from %1. Press Apply to put them in force.</source>
        <translation>
            <numerusform>Imported %n route from %1. Press Apply to put it in force.</numerusform>
            <numerusform>Imported %n routes from %1. Press Apply to put them in force.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n route(s) to %1.</source>
        <translation>
            <numerusform>Exported %n route to %1.</numerusform>
            <numerusform>Exported %n routes to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TestClientsPage</name>
    <message numerus="yes">
        <source>Client %1.%2: %3, %Ln message(s)</source>
        <translation>
            <numerusform>Client %1.%2: %3, %Ln message</numerusform>
            <numerusform>Client %1.%2: %3, %Ln messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message numerus="yes">
        <source>%1: %L2 usage minutes, %Ln connection(s)</source>
        <translation>
            <numerusform>%1: %L2 usage minutes, %Ln connection</numerusform>
            <numerusform>%1: %L2 usage minutes, %Ln connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still open, counted up to now</source>
        <translation>
            <numerusform>%Ln still open, counted up to now</numerusform>
            <numerusform>%Ln still open, counted up to now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message numerus="yes">
        <source>As of %1 UTC; %n connection(s) still open, counted up to then.</source>
        <translation>
            <numerusform>As of %1 UTC; %n connection still open, counted up to then.</numerusform>
            <numerusform>As of %1 UTC; %n connections still open, counted up to then.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageTableModel</name>
    <message numerus="yes">
        <source>%n connection(s) still open, counted up to when the report was taken</source>
        <translation>
            <numerusform>%n connection still open, counted up to when the report was taken</numerusform>
            <numerusform>%n connections still open, counted up to when the report was taken</numerusform>
        </translation>
    </message>
</context>
</TS>
