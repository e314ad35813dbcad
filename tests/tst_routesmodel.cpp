#include <QAbstractItemModelTester>
#include <QTest>

#include "routes/routesfile.h"
#include "routesmodel.h"

class TestRoutesModel : public QObject
{
    Q_OBJECT

private:
    static QList<Route> parse(const QByteArray &text)
    {
        const RoutesParseResult result = RoutesFile::parse(text, QStringLiteral("t"));
        if (!result.ok())
            qWarning("%s", qPrintable(result.errors.join(QLatin1Char('\n'))));
        return result.routes;
    }

private Q_SLOTS:
    void rowsMatchRoutes()
    {
        RoutesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Route> routes =
            parse("*,path_beg=/api,id=api,no_grip 127.0.0.1:8080,ssl,host=api.test,insecure\n"
                  "example.com,max_conn_time=30 [::1]:9000,over_http 10.0.0.1:9001,over_http\n"
                  "* test\n");
        QCOMPARE(routes.size(), 3);
        model.setRoutes(routes);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(RoutesModel::ColumnCount));
        QCOMPARE(model.routes(), routes);
        for (int row = 0; row < routes.size(); ++row) {
            QCOMPARE(model.index(row, 0).data(RoutesModel::LineRole).toString(),
                     QString::fromUtf8(routes.at(row).toLine()));
            QCOMPARE(model.index(row, RoutesModel::IdColumn).data().toString(),
                     QString::fromUtf8(routes.at(row).id));
        }
        const auto cell = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(cell(0, RoutesModel::ConditionColumn), QStringLiteral("*,path_beg=/api,no_grip"));
        QCOMPARE(cell(0, RoutesModel::TargetsColumn), QStringLiteral("127.0.0.1:8080"));
        QCOMPARE(cell(0, RoutesModel::TlsColumn), QStringLiteral("yes"));
        QCOMPARE(cell(0, RoutesModel::InsecureColumn), QStringLiteral("yes"));
        QCOMPARE(cell(0, RoutesModel::HostOverrideColumn), QStringLiteral("api.test"));
        QCOMPARE(cell(0, RoutesModel::ModeColumn), QStringLiteral("Passthrough"));
        QCOMPARE(cell(0, RoutesModel::MaxConnTimeColumn), QStringLiteral("unlimited"));
        QCOMPARE(cell(1, RoutesModel::TargetsColumn), QStringLiteral("[::1]:9000 10.0.0.1:9001"));
        QCOMPARE(cell(1, RoutesModel::ModeColumn), QStringLiteral("Fanout over HTTP"));
        QCOMPARE(cell(1, RoutesModel::MaxConnTimeColumn), QStringLiteral("30 s"));
        QCOMPARE(cell(2, RoutesModel::TargetsColumn), QStringLiteral("test"));
        QCOMPARE(cell(2, RoutesModel::ModeColumn), QStringLiteral("Fanout (GRIP)"));
        QCOMPARE(cell(2, RoutesModel::TlsColumn), QStringLiteral("no"));
    }

    void insertReplaceRemove()
    {
        RoutesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Route> routes = parse("a.test a:1\nb.test b:2\nc.test c:3\n");
        for (const Route &route : routes)
            model.insertRoute(model.rowCount(), route);
        QCOMPARE(model.routes(), routes);
        model.removeRoute(1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.routeAt(1), routes.at(2));
        model.replaceRoute(0, routes.at(1));
        QCOMPARE(model.routeAt(0), routes.at(1));
        model.insertRoute(0, routes.at(0));
        QCOMPARE(model.routes(), (QList<Route>{routes.at(0), routes.at(1), routes.at(2)}));
        model.removeRoute(5); // out of range: nothing happens
        model.setRoutes({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestRoutesModel)
#include "tst_routesmodel.moc"
