package dev.dayshift.core.state;

import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The core StateStore contract, held against DynamoDB as moto speaks it over HTTP. */
@ExtendWith(MotoServer.class)
class DynamoDbStateStoreContractTest {

    @Nested
    class OnDynamoDb extends StateStoreContractTest.Contract {
        DynamoDbClient client;

        @BeforeEach
        void table(MotoServer moto) {
            client = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
            Dynamo.createStateTable(client, "dayshift-state");
        }

        @Override
        StateStore store() {
            return new DynamoDbStateStore(client, "dayshift-state", clock);
        }

        @Override
        StateStore sameDataElsewhere() {
            return new DynamoDbStateStore(client, "dayshift-state", clock);
        }
    }
}
